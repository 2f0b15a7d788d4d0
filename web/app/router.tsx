import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { TicketListPage } from '../features/tickets/TicketListPage';
import { TicketPage } from '../features/tickets/TicketPage';
import { IntakePage } from '../features/tickets/IntakePage';
import { CustomerListPage } from '../features/customers/CustomerListPage';
import { CustomerPage } from '../features/customers/CustomerPage';
import { AssetPage } from '../features/assets/AssetPage';
import { UserListPage } from '../features/users/UserListPage';
import { SettingsPage } from '../features/users/SettingsPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { MessageLogPage } from '../features/messages/MessageLogPage';
import { BreachQueuePage } from '../features/sla/BreachQueuePage';
import { AttainmentPage } from '../features/sla/AttainmentPage';
import { CalendarsPage } from '../features/sla/CalendarsPage';
import { HolidaysPage } from '../features/sla/HolidaysPage';
import { PoliciesPage } from '../features/sla/PoliciesPage';
import { MyDayPage } from '../features/fieldwork/MyDayPage';
import { FieldJobPage } from '../features/fieldwork/FieldJobPage';
import { TimesheetsPage } from '../features/fieldwork/TimesheetsPage';
import { AppointmentBoardPage } from '../features/appointments/BoardPage';
import { AppointmentTemplatesPage } from '../features/appointments/TemplatesPage';
import { TasksPage } from '../features/appointments/TasksPage';
import { PublicBookingPage } from '../features/appointments/PublicBookingPage';
import { PublicQuotePage } from '../features/billing/PublicQuotePage';
import { QrReportPage } from '../features/selfservice/QrReportPage';
import { TrackingPage } from '../features/selfservice/TrackingPage';
import { PricesPage } from '../features/billing/PricesPage';
import { HomeRedirect } from './HomeRedirect';
import { DispatchBoardPage } from '../features/dispatch/DispatchBoardPage';
import { TechnicianListPage } from '../features/dispatch/TechnicianListPage';
import { TechnicianProfilePage } from '../features/dispatch/TechnicianProfilePage';
import { CataloguePage } from '../features/parts/CataloguePage';
import { CountsPage } from '../features/parts/CountsPage';
import { CountSheetPage } from '../features/parts/CountSheetPage';
import { PlanningPage } from '../features/parts/PlanningPage';
import { StockPage } from '../features/parts/StockPage';
import { LocationsPage } from '../features/parts/LocationsPage';
import { TransfersPage } from '../features/parts/TransfersPage';
import { LedgerPage } from '../features/parts/LedgerPage';
import { LoanersPage } from '../features/parts/LoanersPage';
import { RmaReportPage } from '../features/billing/RmaReportPage';
import { ContractorPage, ContractorsPage } from '../features/contractors/ContractorsPage';
import { MonthlyReportPage } from '../features/contractors/MonthlyReportPage';
import { PortalStatementsPage } from '../features/contractors/StatementsCard';
import { PayRunsPage } from '../features/pay/PayRunsPage';
import { PayRunPage } from '../features/pay/PayRunPage';
import { HoldbacksPage } from '../features/pay/HoldbacksPage';
import { PenaltiesPage } from '../features/pay/PenaltiesPage';
import { MyPayPage } from '../features/pay/MyPayPage';
import { AppLayout } from './layout';
import { MyVanPage } from '../features/parts/MyVanPage';
import { RequisitionsPage } from '../features/parts/RequisitionsPage';
import { OldPartReturnsPage } from '../features/parts/OldPartReturnsPage';
import { ReceivablesPage } from '../features/billing/ReceivablesPage';
import { CostApprovalsPage } from '../features/billing/CostApprovalsPage';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // W3: customers book here without signing in; the token names the organisation.
  { path: '/book/:token', element: <PublicBookingPage /> },
  // C3: a customer approves or declines a quote here without signing in; the token names the quote.
  { path: '/q/:token', element: <PublicQuotePage /> },
  // An asset's QR label and a ticket's tracking link: the customer's phone, without signing in.
  { path: '/r/:token', element: <QrReportPage /> },
  { path: '/t/:token', element: <TrackingPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'my-day', element: <MyDayPage /> },
      { path: 'my-day/:id', element: <FieldJobPage /> },
      { path: 'timesheets', element: <TimesheetsPage /> },
      { path: 'my-van', element: <MyVanPage /> },
      { path: 'requisitions', element: <RequisitionsPage /> },
      { path: 'old-part-returns', element: <OldPartReturnsPage /> },
      { path: 'intake', element: <IntakePage /> },
      { path: 'appointments', element: <AppointmentBoardPage /> },
      { path: 'appointment-templates', element: <AppointmentTemplatesPage /> },
      { path: 'follow-up-tasks', element: <TasksPage /> },
      { path: 'tickets', element: <TicketListPage /> },
      { path: 'tickets/:id', element: <TicketPage /> },
      { path: 'dispatch/board', element: <DispatchBoardPage /> },
      { path: 'dispatch/technicians', element: <TechnicianListPage /> },
      { path: 'dispatch/technicians/:id', element: <TechnicianProfilePage /> },
      { path: 'customers', element: <CustomerListPage /> },
      { path: 'customers/:id', element: <CustomerPage /> },
      { path: 'assets/:id', element: <AssetPage /> },
      { path: 'parts/catalogue', element: <CataloguePage /> },
      { path: 'users', element: <UserListPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'webhooks', element: <WebhooksPage /> },
      { path: 'settings/messages', element: <MessageLogPage /> },
      { path: 'sla/breaches', element: <BreachQueuePage /> },
      { path: 'sla/attainment', element: <AttainmentPage /> },
      { path: 'sla/calendars', element: <CalendarsPage /> },
      { path: 'sla/holidays', element: <HolidaysPage /> },
      { path: 'sla/policies', element: <PoliciesPage /> },
      { path: 'stock/counts', element: <CountsPage /> },
      { path: 'stock/counts/:id', element: <CountSheetPage /> },
      { path: 'stock/planning', element: <PlanningPage /> },
      { path: 'stock', element: <StockPage /> },
      { path: 'stock/locations', element: <LocationsPage /> },
      { path: 'stock/transfers', element: <TransfersPage /> },
      { path: 'stock/ledger', element: <LedgerPage /> },
      { path: 'loaners', element: <LoanersPage /> },
      { path: 'prices', element: <PricesPage /> },
      { path: 'receivables', element: <ReceivablesPage /> },
      { path: 'costs/approvals', element: <CostApprovalsPage /> },
      { path: 'rma/report', element: <RmaReportPage /> },
      { path: 'contractors', element: <ContractorsPage /> },
      { path: 'contractors/:id', element: <ContractorPage /> },
      { path: 'contractor-reports', element: <MonthlyReportPage /> },
      { path: 'portal/statements', element: <PortalStatementsPage /> },
      { path: 'pay-runs', element: <PayRunsPage /> },
      { path: 'pay-runs/:id', element: <PayRunPage /> },
      { path: 'pay-holdbacks', element: <HoldbacksPage /> },
      { path: 'penalties', element: <PenaltiesPage /> },
      { path: 'my-pay', element: <MyPayPage /> },
      { path: '*', element: <Navigate to="/tickets" replace /> },
    ],
  },
]);
