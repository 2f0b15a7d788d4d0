import { App, Button, Card, Table, Typography } from 'antd';
import { useI18n } from '../../lib/i18n';
import { useFormat } from '../../lib/format';
import { useProblemHandler } from '../../lib/problems';
import { useClearLoginLock, useLoginLocks, type LoginLock } from './api';

/** S3: accounts slowed and addresses refused after failed passwords; the administrator clears them. */
export function LoginLocksCard() {
  const { t, label } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const locks = useLoginLocks();
  const clear = useClearLoginLock();
  const showProblem = useProblemHandler();
  return (
    <Card title={t('locks.title')} style={{ marginTop: 16 }} data-testid="login-locks">
      <Typography.Paragraph type="secondary">{t('locks.hint')}</Typography.Paragraph>
      <Table<LoginLock>
        rowKey="id"
        size="small"
        loading={locks.isFetching}
        dataSource={locks.data?.items ?? []}
        locale={{ emptyText: t('locks.empty') }}
        pagination={false}
        scroll={{ x: 600 }}
        columns={[
          { title: t('locks.kind'), dataIndex: 'kind', render: (k: string) => label('lockKind', k) },
          { title: t('locks.username'), dataIndex: 'username', render: (u: string | null) => u ?? '—' },
          { title: t('locks.address'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
          { title: t('locks.failures'), dataIndex: 'failures' },
          { title: t('locks.until'), dataIndex: 'until', render: (at: string) => format.dateTime(at) },
          {
            title: '',
            key: 'clear',
            render: (_, lock) => (
              <Button
                size="small"
                loading={clear.isPending && clear.variables === lock.id}
                onClick={() =>
                  clear.mutate(lock.id, {
                    onSuccess: () => message.success(t('locks.cleared')),
                    onError: showProblem,
                  })
                }
              >
                {t('locks.clear')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
