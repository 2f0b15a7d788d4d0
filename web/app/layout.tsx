import { ApartmentOutlined, ApiOutlined, KeyOutlined } from '@ant-design/icons';
import { AlertOutlined, BarChartOutlined, CarOutlined, ClockCircleOutlined, CalendarOutlined, CustomerServiceOutlined, FieldTimeOutlined, FileTextOutlined, LogoutOutlined, ScheduleOutlined, SettingOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { AppstoreAddOutlined, CarryOutOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { IdcardOutlined, ProjectOutlined } from '@ant-design/icons';
import { ToolOutlined } from '@ant-design/icons';
import { InboxOutlined, RollbackOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { AuditOutlined, LineChartOutlined } from '@ant-design/icons';
import { DatabaseOutlined, EnvironmentOutlined, HistoryOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons';
import { AccountBookOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { FundOutlined } from '@ant-design/icons';
import { DollarOutlined, SafetyCertificateOutlined, WarningOutlined, WalletOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Dropdown, Layout, Menu, Space, Spin, Typography, Grid } from 'antd';
import { Link } from 'react-router';
import { useHealth } from '../lib/queries/health';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { MessageKey } from '../../shared/i18n';
import type { Permission } from '../../shared/permissions';
import type { Role } from '../../shared/domain';
import { hasPermission, useMe } from '../lib/session';
import { useLogout } from '../features/auth/api';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { useI18n } from '../lib/i18n';
import { useState } from 'react';
import { ChangePasswordDialog } from '../features/auth/ChangePasswordDialog';
import { PreferencesDialog } from '../features/messages/PreferencesDialog';
import { InboxBell } from '../features/inbox/InboxBell';
import { BellOutlined, DashboardOutlined, MailOutlined } from '@ant-design/icons';
import { GlobalSearch } from '../features/workbench/GlobalSearch';
import { WORKBENCH_ROLES } from '../../shared/permissions';

interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission: Permission;
  /** An entry that is some kinds of user's own view (a contractor's portal, the office's workbench), beyond the permission. */
  onlyFor?: Role | readonly Role[];
}

/** The menu follows the role: an entry shows only when the user holds its permission. */
export const MENU: MenuEntry[] = [
  { path: '/workbench', label: 'nav.workbench', icon: <DashboardOutlined />, permission: 'tickets.read', onlyFor: WORKBENCH_ROLES },
  { path: '/my-day', label: 'nav.myDay', icon: <CarOutlined />, permission: 'fieldwork.act' },
  { path: '/my-van', label: 'nav.myVan', icon: <InboxOutlined />, permission: 'stock.request' },
  { path: '/requisitions', label: 'nav.requisitions', icon: <ShoppingCartOutlined />, permission: 'stock.move' },
  { path: '/old-part-returns', label: 'nav.oldPartReturns', icon: <RollbackOutlined />, permission: 'parts.read' },
  { path: '/intake', label: 'nav.intake', icon: <CustomerServiceOutlined />, permission: 'tickets.create' },
  { path: '/tickets', label: 'nav.tickets', icon: <FileTextOutlined />, permission: 'tickets.read' },
  { path: '/appointments', label: 'nav.appointmentBoard', icon: <CarryOutOutlined />, permission: 'appointments.read' },
  { path: '/follow-up-tasks', label: 'nav.tasks', icon: <CheckSquareOutlined />, permission: 'customers.write' },
  { path: '/customers', label: 'nav.customers', icon: <TeamOutlined />, permission: 'customers.read' },
  { path: '/dispatch/board', label: 'nav.dispatchBoard', icon: <ProjectOutlined />, permission: 'dispatch.read' },
  { path: '/dispatch/technicians', label: 'nav.technicians', icon: <IdcardOutlined />, permission: 'dispatch.read' },
  { path: '/parts/catalogue', label: 'nav.partsCatalogue', icon: <ToolOutlined />, permission: 'parts.read' },
  { path: '/stock/counts', label: 'nav.stockCounts', icon: <AuditOutlined />, permission: 'stock.move' },
  { path: '/stock/planning', label: 'nav.stockPlanning', icon: <LineChartOutlined />, permission: 'parts.manage' },
  { path: '/stock', label: 'nav.stock', icon: <DatabaseOutlined />, permission: 'parts.read' },
  { path: '/stock/transfers', label: 'nav.stockTransfers', icon: <SwapOutlined />, permission: 'stock.move' },
  { path: '/stock/ledger', label: 'nav.stockLedger', icon: <HistoryOutlined />, permission: 'parts.read' },
  { path: '/stock/locations', label: 'nav.stockLocations', icon: <EnvironmentOutlined />, permission: 'parts.manage' },
  { path: '/loaners', label: 'nav.loaners', icon: <SyncOutlined />, permission: 'parts.read' },
  { path: '/prices', label: 'nav.prices', icon: <AccountBookOutlined />, permission: 'prices.manage' },
  { path: '/receivables', label: 'nav.receivables', icon: <AccountBookOutlined />, permission: 'finance.read' },
  { path: '/costs/approvals', label: 'nav.costApprovals', icon: <ReconciliationOutlined />, permission: 'costs.approve' },
  { path: '/rma/report', label: 'nav.rmaReport', icon: <FundOutlined />, permission: 'money.read' },
  { path: '/contractors', label: 'nav.contractors', icon: <ApartmentOutlined />, permission: 'contractors.read' },
  { path: '/contractor-reports', label: 'nav.contractorReports', icon: <BarChartOutlined />, permission: 'contractors.read' },
  { path: '/portal/statements', label: 'nav.portalStatements', icon: <FileTextOutlined />, permission: 'contractor.portal', onlyFor: 'contractor' },
  { path: '/my-pay', label: 'nav.myPay', icon: <WalletOutlined />, permission: 'pay.own' },
  { path: '/pay-runs', label: 'nav.payRuns', icon: <DollarOutlined />, permission: 'pay.manage' },
  { path: '/pay-holdbacks', label: 'nav.payHoldbacks', icon: <SafetyCertificateOutlined />, permission: 'pay.manage' },
  { path: '/penalties', label: 'nav.penalties', icon: <WarningOutlined />, permission: 'penalties.record' },
  { path: '/timesheets', label: 'nav.timesheets', icon: <ClockCircleOutlined />, permission: 'timesheets.approve' },
  { path: '/sla/breaches', label: 'nav.breaches', icon: <AlertOutlined />, permission: 'sla.read' },
  { path: '/sla/attainment', label: 'nav.attainment', icon: <BarChartOutlined />, permission: 'sla.read' },
  { path: '/sla/policies', label: 'nav.policies', icon: <FieldTimeOutlined />, permission: 'sla.manage' },
  { path: '/sla/calendars', label: 'nav.calendars', icon: <CalendarOutlined />, permission: 'sla.manage' },
  { path: '/sla/holidays', label: 'nav.holidays', icon: <ScheduleOutlined />, permission: 'sla.manage' },
  { path: '/appointment-templates', label: 'nav.appointmentTemplates', icon: <AppstoreAddOutlined />, permission: 'appointments.manage' },
  { path: '/users', label: 'nav.users', icon: <UserOutlined />, permission: 'users.manage' },
  { path: '/settings', label: 'nav.settings', icon: <SettingOutlined />, permission: 'settings.manage' },
  { path: '/webhooks', label: 'nav.webhooks', icon: <ApiOutlined />, permission: 'webhooks.manage' },
  { path: '/settings/messages', label: 'nav.messageLog', icon: <MailOutlined />, permission: 'settings.manage' },
];

export function AppLayout() {
  const me = useMe();
  const logout = useLogout();
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const health = useHealth();
  const [changingPassword, setChangingPassword] = useState(false);
  const [editingPreferences, setEditingPreferences] = useState(false);

  if (me.isLoading) return <Spin fullscreen />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;

  const user = me.data;
  const entries = MENU.filter((m) => hasPermission(user, m.permission) && (!m.onlyFor || (typeof m.onlyFor === 'string' ? m.onlyFor === user.role : m.onlyFor.includes(user.role)))).filter((m) => !(m.path === '/intake' && user.role === 'customer'));
  // The longest path that matches: /stock/ledger, not /stock.
  const selected = entries.filter((m) => location.pathname.startsWith(m.path)).sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={screens.xs ? 0 : 64} theme="light" width={200}>
        <div className="brand" title={t('app.name')}>
          {screens.lg ? t('app.name') : t('app.shortName')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          onClick={({ key }) => navigate(key)}
          items={entries.map((m) => ({ key: m.path, icon: m.icon, label: m.path === '/tickets' && user.role === 'technician' ? t('nav.myTickets') : t(m.label) }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Text strong className="org-name">
            {user.organisation.name}
          </Typography.Text>
          <Space size="middle">
            {user.role !== 'customer' && user.role !== 'contractor' && <GlobalSearch />}
            <InboxBell />
            <LocaleSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('password.change') },
                  { key: 'messages', icon: <BellOutlined />, label: t('messages.prefs.title') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
                ],
                onClick: ({ key }) =>
                  key === 'password' ? setChangingPassword(true) : key === 'messages' ? setEditingPreferences(true) : logout.mutate(undefined, { onSuccess: () => navigate('/login') }),
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  <span>{user.name}</span>
                  <Typography.Text type="secondary">{label('role', user.role)}</Typography.Text>
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-content">
          {/* Only those who can add the year's holidays are told they are missing. */}
          {!!health.data?.holidayDataMissing.length && hasPermission(user, 'sla.manage') && (
            <Alert
              type="error"
              showIcon
              banner
              style={{ marginBottom: 12 }}
              data-testid="holiday-warning"
              message={t('holidays.missing', { years: health.data.holidayDataMissing.join(t('common.listSeparator')) })}
              action={hasPermission(user, 'sla.manage') ? <Link to="/sla/holidays">{t('holidays.fix')}</Link> : undefined}
            />
          )}
          <Outlet />
          <ChangePasswordDialog open={changingPassword || user.mustChangePassword} forced={user.mustChangePassword} onClose={() => setChangingPassword(false)} />
          <PreferencesDialog open={editingPreferences} onClose={() => setEditingPreferences(false)} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
