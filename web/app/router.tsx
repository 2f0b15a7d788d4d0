import type { FetchQueryOptions } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import type { MessageKey } from '../../shared/i18n';
import { useDocumentTitle, type RouteHandle } from '../lib/title';
import { activeLocale, loadDayjs } from '../lib/i18n';
import { loadMessages } from '../lib/messages';

/**
 * Every page but the login page is its own chunk, fetched when its route is first matched; the
 * router fetches the layout's and the page's at once. The login page stays in the entry chunk:
 * it is the first screen of a fresh phone, and a chunk of its own would cost one more round trip.
 */
const named = (title: MessageKey): RouteHandle => ({ title });
const page = (load: () => Promise<ComponentType>) => async () => ({ Component: await load() });
/**
 * Starts a route's first data with its code, without waiting for either: the layout's user and the
 * page's list are then asked for at once, not one after the other (each is a round trip on a phone).
 * The query cache (TanStack Query) comes with them, not in the entry: the login page does without it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const prefetch = (queries: () => Promise<FetchQueryOptions<any, any, any, any>[]>) => async () => {
  const [{ queryClient }, list] = await Promise.all([import('../lib/query-client'), queries()]);
  for (const query of list) void queryClient.prefetchQuery(query);
  return null;
};
const meQuery = () => import('../lib/session').then((m) => [m.meQuery]);
// The day's jobs and visits are asked for together with the page's code, not after it renders.
const myDayJobs = () =>
  Promise.all([import('../lib/queries/tickets'), import('../features/fieldwork/my-day-jobs'), import('../features/fieldwork/api')]).then(([q, d, f]) => [q.ticketListQuery(d.MY_DAY_JOBS), f.myVisitsQuery()]);

function Root() {
  useDocumentTitle();
  return <Outlet />;
}

export const router = createBrowserRouter([
  {
    Component: Root,
    children: [
      { path: '/login', handle: named('title.login'), element: <LoginPage /> },
      {
        // antd's theme and context, the query cache, the language's whole catalogue and dayjs, fetched
        // at once: every page but the login page, which loads without them.
        lazy: page(() => Promise.all([import('./themed'), loadMessages(activeLocale()), loadDayjs()]).then(([m]) => m.Themed)),
        children: [
          // W3: customers book here without signing in; the token names the organisation.
          { path: '/book/:token', handle: named('booking.title'), lazy: page(() => import('../features/appointments/PublicBookingPage').then((m) => m.PublicBookingPage)) },
          // C3: a customer approves or declines a quote here without signing in; the token names the quote.
          { path: '/q/:token', handle: named('quotes.public.title'), lazy: page(() => import('../features/billing/PublicQuotePage').then((m) => m.PublicQuotePage)) },
          // An asset's QR label and a ticket's tracking link: the customer's phone, without signing in.
          { path: '/r/:token', handle: named('selfservice.qr.title'), lazy: page(() => import('../features/selfservice/QrReportPage').then((m) => m.QrReportPage)) },
          { path: '/t/:token', handle: named('selfservice.track.title'), lazy: page(() => import('../features/selfservice/TrackingPage').then((m) => m.TrackingPage)) },
          {
            path: '/',
            loader: prefetch(meQuery),
            lazy: page(() => import('./layout').then((m) => m.AppLayout)),
            children: [
              { index: true, lazy: page(() => import('./HomeRedirect').then((m) => m.HomeRedirect)) },
              { path: 'workbench', handle: named('nav.workbench'), lazy: page(() => import('../features/workbench/WorkbenchPage').then((m) => m.WorkbenchPage)) },
              { path: 'my-day', handle: named('nav.myDay'), loader: prefetch(myDayJobs), lazy: page(() => import('../features/fieldwork/MyDayPage').then((m) => m.MyDayPage)) },
              { path: 'my-day/:id', handle: named('nav.myDay'), lazy: page(() => import('../features/fieldwork/FieldJobPage').then((m) => m.FieldJobPage)) },
              { path: 'timesheets', handle: named('nav.timesheets'), lazy: page(() => import('../features/fieldwork/TimesheetsPage').then((m) => m.TimesheetsPage)) },
              { path: 'my-van', handle: named('nav.myVan'), lazy: page(() => import('../features/parts/MyVanPage').then((m) => m.MyVanPage)) },
              { path: 'requisitions', handle: named('nav.requisitions'), lazy: page(() => import('../features/parts/RequisitionsPage').then((m) => m.RequisitionsPage)) },
              { path: 'old-part-returns', handle: named('nav.oldPartReturns'), lazy: page(() => import('../features/parts/OldPartReturnsPage').then((m) => m.OldPartReturnsPage)) },
              { path: 'intake', handle: named('nav.intake'), lazy: page(() => import('../features/tickets/IntakePage').then((m) => m.IntakePage)) },
              { path: 'appointments', handle: named('nav.appointmentBoard'), lazy: page(() => import('../features/appointments/BoardPage').then((m) => m.AppointmentBoardPage)) },
              { path: 'appointment-templates', handle: named('nav.appointmentTemplates'), lazy: page(() => import('../features/appointments/TemplatesPage').then((m) => m.AppointmentTemplatesPage)) },
              { path: 'follow-up-tasks', handle: named('nav.tasks'), lazy: page(() => import('../features/appointments/TasksPage').then((m) => m.TasksPage)) },
              { path: 'tickets', handle: named('nav.tickets'), lazy: page(() => import('../features/tickets/TicketListPage').then((m) => m.TicketListPage)) },
              { path: 'tickets/:id', handle: named('nav.tickets'), lazy: page(() => import('./ticket-page').then((m) => m.TicketRoute)) },
              { path: 'dispatch/board', handle: named('nav.dispatchBoard'), lazy: page(() => import('../features/dispatch/DispatchBoardPage').then((m) => m.DispatchBoardPage)) },
              { path: 'dispatch/technicians', handle: named('nav.technicians'), lazy: page(() => import('../features/dispatch/TechnicianListPage').then((m) => m.TechnicianListPage)) },
              { path: 'dispatch/technicians/:id', handle: named('nav.technicians'), lazy: page(() => import('../features/dispatch/TechnicianProfilePage').then((m) => m.TechnicianProfilePage)) },
              { path: 'customers', handle: named('nav.customers'), lazy: page(() => import('../features/customers/CustomerListPage').then((m) => m.CustomerListPage)) },
              { path: 'customers/:id', handle: named('nav.customers'), lazy: page(() => import('../features/customers/CustomerPage').then((m) => m.CustomerPage)) },
              { path: 'assets/:id', handle: named('title.asset'), lazy: page(() => import('./asset-page').then((m) => m.AssetRoute)) },
              { path: 'parts/catalogue', handle: named('nav.partsCatalogue'), lazy: page(() => import('../features/parts/CataloguePage').then((m) => m.CataloguePage)) },
              { path: 'users', handle: named('nav.users'), lazy: page(() => import('../features/users/UserListPage').then((m) => m.UserListPage)) },
              { path: 'settings', handle: named('nav.settings'), lazy: page(() => import('../features/users/SettingsPage').then((m) => m.SettingsPage)) },
              { path: 'webhooks', handle: named('nav.webhooks'), lazy: page(() => import('../features/webhooks/WebhooksPage').then((m) => m.WebhooksPage)) },
              { path: 'settings/messages', handle: named('nav.messageLog'), lazy: page(() => import('../features/messages/MessageLogPage').then((m) => m.MessageLogPage)) },
              { path: 'sla/breaches', handle: named('nav.breaches'), lazy: page(() => import('../features/sla/BreachQueuePage').then((m) => m.BreachQueuePage)) },
              { path: 'sla/attainment', handle: named('nav.attainment'), lazy: page(() => import('../features/sla/AttainmentPage').then((m) => m.AttainmentPage)) },
              { path: 'sla/calendars', handle: named('nav.calendars'), lazy: page(() => import('../features/sla/CalendarsPage').then((m) => m.CalendarsPage)) },
              { path: 'sla/holidays', handle: named('nav.holidays'), lazy: page(() => import('../features/sla/HolidaysPage').then((m) => m.HolidaysPage)) },
              { path: 'sla/policies', handle: named('nav.policies'), lazy: page(() => import('../features/sla/PoliciesPage').then((m) => m.PoliciesPage)) },
              { path: 'stock/counts', handle: named('nav.stockCounts'), lazy: page(() => import('../features/parts/CountsPage').then((m) => m.CountsPage)) },
              { path: 'stock/counts/:id', handle: named('nav.stockCounts'), lazy: page(() => import('../features/parts/CountSheetPage').then((m) => m.CountSheetPage)) },
              { path: 'stock/planning', handle: named('nav.stockPlanning'), lazy: page(() => import('../features/parts/PlanningPage').then((m) => m.PlanningPage)) },
              { path: 'stock', handle: named('nav.stock'), lazy: page(() => import('../features/parts/StockPage').then((m) => m.StockPage)) },
              { path: 'stock/locations', handle: named('nav.stockLocations'), lazy: page(() => import('../features/parts/LocationsPage').then((m) => m.LocationsPage)) },
              { path: 'stock/transfers', handle: named('nav.stockTransfers'), lazy: page(() => import('../features/parts/TransfersPage').then((m) => m.TransfersPage)) },
              { path: 'stock/ledger', handle: named('nav.stockLedger'), lazy: page(() => import('../features/parts/LedgerPage').then((m) => m.LedgerPage)) },
              { path: 'loaners', handle: named('nav.loaners'), lazy: page(() => import('../features/parts/LoanersPage').then((m) => m.LoanersPage)) },
              { path: 'prices', handle: named('nav.prices'), lazy: page(() => import('../features/billing/PricesPage').then((m) => m.PricesPage)) },
              { path: 'receivables', handle: named('nav.receivables'), lazy: page(() => import('../features/billing/ReceivablesPage').then((m) => m.ReceivablesPage)) },
              { path: 'costs/approvals', handle: named('nav.costApprovals'), lazy: page(() => import('../features/billing/CostApprovalsPage').then((m) => m.CostApprovalsPage)) },
              { path: 'rma/report', handle: named('nav.rmaReport'), lazy: page(() => import('../features/billing/RmaReportPage').then((m) => m.RmaReportPage)) },
              { path: 'contractors', handle: named('nav.contractors'), lazy: page(() => import('../features/contractors/ContractorsPage').then((m) => m.ContractorsPage)) },
              { path: 'contractors/:id', handle: named('nav.contractors'), lazy: page(() => import('../features/contractors/ContractorsPage').then((m) => m.ContractorPage)) },
              { path: 'contractor-reports', handle: named('nav.contractorReports'), lazy: page(() => import('../features/contractors/MonthlyReportPage').then((m) => m.MonthlyReportPage)) },
              { path: 'portal/statements', handle: named('nav.portalStatements'), lazy: page(() => import('../features/contractors/StatementsCard').then((m) => m.PortalStatementsPage)) },
              { path: 'pay-runs', handle: named('nav.payRuns'), lazy: page(() => import('../features/pay/PayRunsPage').then((m) => m.PayRunsPage)) },
              { path: 'pay-runs/:id', handle: named('nav.payRuns'), lazy: page(() => import('../features/pay/PayRunPage').then((m) => m.PayRunPage)) },
              { path: 'pay-holdbacks', handle: named('nav.payHoldbacks'), lazy: page(() => import('../features/pay/HoldbacksPage').then((m) => m.HoldbacksPage)) },
              { path: 'penalties', handle: named('nav.penalties'), lazy: page(() => import('../features/pay/PenaltiesPage').then((m) => m.PenaltiesPage)) },
              { path: 'my-pay', handle: named('nav.myPay'), lazy: page(() => import('../features/pay/MyPayPage').then((m) => m.MyPayPage)) },
              { path: '*', element: <Navigate to="/tickets" replace /> },
            ],
          },
        ],
      },
    ],
  },
]);
