import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useI18n } from '../../lib/i18n';
import { useLogin } from './api';
import { useMe } from '../../lib/session';

export function LoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [needsOrg, setNeedsOrg] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me.data) return <Navigate to={from} replace />;

  const error = login.error instanceof ApiError ? (login.error.problem.detail ?? login.error.problem.title) : login.error ? t('errors.INTERNAL') : null;

  return (
    <div className="login-page">
      <Card className="login-card">
        <div className="login-head">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <LocaleSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { username: string; password: string; organisation?: string }) =>
            login.mutate(values, {
              onSuccess: () => navigate(from, { replace: true }),
              onError: (e) => {
                if (e instanceof ApiError && e.code === 'ORGANISATION_REQUIRED') setNeedsOrg(true);
              },
            })
          }
        >
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          {needsOrg && (
            <Form.Item name="organisation" label={t('login.organisation')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input size="large" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
