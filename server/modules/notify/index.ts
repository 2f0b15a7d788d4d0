/** notify: the outbox, its channels (the log; e-mail, SMS, WeChat), people's channel preferences and the delivery log. */
export { createNotifyService, logChannel, type NotifyService, type Channel } from './notify.service';
export { notifyRoutes } from './notify.routes';
