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
import { BreachQueuePage } from '../features/sla/BreachQueuePage';
import { AttainmentPage } from '../features/sla/AttainmentPage';
import { CalendarsPage } from '../features/sla/CalendarsPage';
import { HolidaysPage } from '../features/sla/HolidaysPage';
import { PoliciesPage } from '../features/sla/PoliciesPage';
import { AppLayout } from './layout';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/tickets" replace /> },
      { path: 'intake', element: <IntakePage /> },
      { path: 'tickets', element: <TicketListPage /> },
      { path: 'tickets/:id', element: <TicketPage /> },
      { path: 'customers', element: <CustomerListPage /> },
      { path: 'customers/:id', element: <CustomerPage /> },
      { path: 'assets/:id', element: <AssetPage /> },
      { path: 'users', element: <UserListPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'sla/breaches', element: <BreachQueuePage /> },
      { path: 'sla/attainment', element: <AttainmentPage /> },
      { path: 'sla/calendars', element: <CalendarsPage /> },
      { path: 'sla/holidays', element: <HolidaysPage /> },
      { path: 'sla/policies', element: <PoliciesPage /> },
      { path: '*', element: <Navigate to="/tickets" replace /> },
    ],
  },
]);
