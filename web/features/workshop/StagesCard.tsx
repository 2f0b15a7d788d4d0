import { App, Alert, Button, Form, Input, Modal, Radio, Select, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { QC_STAGE, reworkTargets, type StageRunStatus } from '../../../shared/workshop';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import type { Ticket } from '../../lib/queries/tickets';
import { useUsers } from '../../lib/queries/people';
import { useRecordQc, useStageAction, type StageRun, type Workshop } from './api';

const RUN_COLOR: Record<StageRunStatus, string> = { in_progress: 'processing', finished: 'warning', signed: 'success', passed: 'success', failed: 'error' };

/** The latest run of each stage, for the step bar. */
function latestRuns(stages: StageRun[]): Map<string, StageRun> {
  const latest = new Map<string, StageRun>();
  for (const run of stages) if ((latest.get(run.stage)?.round ?? 0) <= run.round) latest.set(run.stage, run);
  return latest;
}

function QcDialog({ ticket, workshop, open, onClose }: { ticket: Ticket; workshop: Workshop; open: boolean; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const qc = useRecordQc(ticket.id);
  const [form] = Form.useForm<{ result: 'pass' | 'fail'; reason?: string; backTo?: string }>();
  const onProblem = useProblemHandler(form);
  const result = Form.useWatch('result', form);
  const targets = reworkTargets(workshop.job.plan);
  return (
    <Modal
      open={open}
      title={t('workshop.qc.title')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={qc.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ result: 'pass', backTo: targets.at(-1) }}
        onFinish={(v) =>
          qc.mutate(
            { body: v.result === 'pass' ? { result: 'pass' } : { result: 'fail', reason: v.reason ?? null, backTo: v.backTo ?? null }, version: workshop.job.version },
            {
              onSuccess: () => {
                message.success(label('qcResult', v.result));
                onClose();
              },
              onError: onProblem,
            },
          )
        }
      >
        <Form.Item name="result" label={t('workshop.qc.result')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={(['pass', 'fail'] as const).map((r) => ({ value: r, label: label('qcResult', r) }))} data-testid="qc-result" />
        </Form.Item>
        {result === 'fail' && (
          <>
            <Form.Item name="reason" label={t('workshop.qc.reason')} rules={[{ required: true, whitespace: true, message: t('workshop.validation.qcReason') }]}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="qc-reason" />
            </Form.Item>
            {targets.length > 0 && (
              <Form.Item name="backTo" label={t('workshop.qc.backTo')} rules={[{ required: true, message: t('workshop.validation.backTo') }]}>
                <Select options={targets.map((s) => ({ value: s, label: label('workshopStage', s) }))} data-testid="qc-back-to" />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}

function RunText({ run }: { run: StageRun }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  return (
    <div>
      <Space wrap>
        <b>{label('workshopStage', run.stage)}</b>
        {run.round > 1 && <Tag>{t('workshop.stage.round', { round: run.round })}</Tag>}
        <Tag color={RUN_COLOR[run.status]}>{label('stageRunStatus', run.status)}</Tag>
      </Space>
      <div className="muted">{t('workshop.stage.started', { name: run.startedBy.name, at: fmt.short(run.startedAt) })}</div>
      {run.teamLead && <div className="muted">{`${t('workshop.stage.teamLead')}：${run.teamLead.name}`}</div>}
      {run.finishedBy && run.stage !== QC_STAGE && <div className="muted">{t('workshop.stage.finished', { name: run.finishedBy.name, at: fmt.short(run.finishedAt) })}</div>}
      {run.signedBy && run.stage !== QC_STAGE && <div className="muted">{t('workshop.stage.signed', { name: run.signedBy.name, at: fmt.short(run.signedAt) })}</div>}
      {run.status === 'passed' && run.signedBy && <div className="muted">{t('workshop.qc.passedBy', { name: run.signedBy.name, at: fmt.short(run.signedAt) })}</div>}
      {run.status === 'failed' && (
        <Typography.Text type="danger">{t('workshop.qc.failed', { reason: run.reason ?? '', stage: label('workshopStage', run.backTo ?? '') })}</Typography.Text>
      )}
      {run.note && <div className="muted">{run.note}</div>}
    </div>
  );
}

/** A4: the job's stages in order, each started, finished and signed by its team; final QC passes it or sends it back. */
export function StagesCard({ ticket, workshop }: { ticket: Ticket; workshop: Workshop }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showProblem = useProblemHandler();
  const me = useMe();
  const act = useStageAction(ticket.id);
  const [qcOpen, setQcOpen] = useState(false);
  const [teamLeadId, setTeamLeadId] = useState<string | undefined>();
  const canAct = hasPermission(me.data, 'workshop.act');
  const canQc = hasPermission(me.data, 'workshop.qc');
  const canPickLead = canAct && hasPermission(me.data, 'users.read');
  const technicians = useUsers({ role: 'technician' }, canPickLead);
  const { job, next, stages } = workshop;
  const latest = latestRuns(stages);
  const signedIn = workshop.checkIn?.status === 'signed' || workshop.checkInHistory.some((c) => c.status === 'signed');
  const currentIndex = job.currentStage === null ? job.plan.length : job.plan.indexOf(job.currentStage);

  const run = (action: 'start' | 'finish' | 'sign') =>
    next &&
    act.mutate(
      { stage: next.stage, action, version: job.version, body: action === 'start' ? { teamLeadId: teamLeadId ?? null } : {} },
      {
        onSuccess: () => {
          message.success(`${label('workshopStage', next.stage)} · ${label('stageAction', action)}`);
          setTeamLeadId(undefined);
        },
        onError: showProblem,
      },
    );

  const blocked = !signedIn ? t('workshop.stage.needCheckIn') : ticket.status !== 'in_progress' && next ? t('workshop.stage.needStart') : null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Steps
        data-testid="stage-steps"
        size="small"
        current={currentIndex}
        items={job.plan.map((stage, i) => {
          const r = latest.get(stage);
          const status = i < currentIndex ? 'finish' : i === currentIndex ? (r?.status === 'failed' ? 'error' : 'process') : 'wait';
          return { title: label('workshopStage', stage), status, content: r && r.round === job.round ? label('stageRunStatus', r.status) : undefined };
        })}
      />
      {job.round > 1 && <Tag color="magenta">{t('workshop.stage.round', { round: job.round })}</Tag>}
      {next === null && job.qcPassedAt ? (
        <Alert type="success" showIcon title={t('workshop.stage.done')} data-testid="stage-done" />
      ) : blocked ? (
        <Alert type="info" showIcon title={blocked} />
      ) : (
        next && (
          <Space wrap data-testid="stage-next">
            <span>{t('workshop.stage.next', { stage: label('workshopStage', next.stage), action: label('stageAction', next.action) })}</span>
            {canAct && next.action === 'start' && canPickLead && next.stage !== QC_STAGE && (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ minWidth: 160 }}
                placeholder={t('workshop.stage.teamLead')}
                value={teamLeadId}
                onChange={setTeamLeadId}
                options={(technicians.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
                data-testid="stage-team-lead"
              />
            )}
            {canAct && next.action !== 'qc' && (
              <Button type="primary" loading={act.isPending} onClick={() => run(next.action as 'start' | 'finish' | 'sign')} data-testid={`stage-${next.stage}-${next.action}`}>
                {`${label('workshopStage', next.stage)} · ${label('stageAction', next.action)}`}
              </Button>
            )}
            {canQc && next.action === 'qc' && (
              <Button type="primary" onClick={() => setQcOpen(true)} data-testid="stage-qc">
                {label('stageAction', 'qc')}
              </Button>
            )}
          </Space>
        )
      )}
      {next?.action === 'sign' && <Typography.Text type="secondary">{t('workshop.stage.teamLeadHint')}</Typography.Text>}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('workshop.stage.history')}
      </Typography.Title>
      {stages.length === 0 ? (
        <Typography.Text type="secondary">{t('workshop.stage.none')}</Typography.Text>
      ) : (
        <Timeline
          data-testid="stage-timeline"
          items={stages.map((r) => ({ key: r.id, color: r.status === 'failed' ? 'red' : r.status === 'in_progress' || r.status === 'finished' ? 'blue' : 'green', content: <RunText run={r} /> }))}
        />
      )}
      <QcDialog ticket={ticket} workshop={workshop} open={qcOpen} onClose={() => setQcOpen(false)} />
    </Space>
  );
}
