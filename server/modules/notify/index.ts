/** notify: the outbox and its delivery channels. */
export { createNotifyService, logChannel, type NotifyService, type Channel } from './notify.service';
