import { DeleteOutlined } from '@ant-design/icons';
import { Button, Empty, Input, List, Typography } from 'antd';
import type { MouseEvent } from 'react';
import { useI18n } from '../../lib/i18n';

export interface DamagePoint {
  x: number;
  y: number;
  note: string;
}

const W = 200;
const H = 400;

/**
 * A car seen from above, front at the top, drawn in a 200 × 400 box. Damage points are kept
 * in 0..1 of that box, so they land on the same spot at any size the diagram is shown.
 */
export function CarDiagram({ points, onAdd, selected, onSelect }: { points: DamagePoint[]; onAdd?: (p: { x: number; y: number }) => void; selected?: number | null; onSelect?: (index: number) => void }) {
  const { t } = useI18n();
  const click = (e: MouseEvent<SVGSVGElement>) => {
    if (!onAdd) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const round = (v: number) => Math.min(1, Math.max(0, Math.round(v * 1000) / 1000));
    onAdd({ x: round((e.clientX - rect.left) / rect.width), y: round((e.clientY - rect.top) / rect.height) });
  };
  return (
    <div style={{ maxWidth: 220, margin: '0 auto', textAlign: 'center' }}>
      <Typography.Text type="secondary">{t('workshop.checkIn.front')}</Typography.Text>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('workshop.checkIn.damage')}
        data-testid="car-diagram"
        onClick={click}
        style={{ display: 'block', width: '100%', height: 'auto', aspectRatio: `${W} / ${H}`, cursor: onAdd ? 'crosshair' : 'default', touchAction: 'manipulation' }}
      >
        <g fill="none" stroke="#8c8c8c" strokeWidth="2" strokeLinejoin="round">
          {/* wheels, under the body */}
          {[
            [20, 70],
            [166, 70],
            [20, 282],
            [166, 282],
          ].map(([x, y]) => (
            <rect key={`${x}-${y}`} x={x} y={y} width="14" height="46" rx="4" fill="#595959" stroke="none" />
          ))}
          <path
            d="M62 18 Q100 4 138 18 Q160 28 164 62 Q168 84 168 112 L168 322 Q168 372 142 386 Q100 398 58 386 Q32 372 32 322 L32 112 Q32 84 36 62 Q40 28 62 18 Z"
            fill="#fafafa"
          />
          {/* windscreen, roof, rear window */}
          <path d="M48 118 Q100 100 152 118 L142 158 Q100 148 58 158 Z" fill="#e6f4ff" />
          <rect x="58" y="164" width="84" height="118" rx="10" />
          <path d="M58 288 Q100 296 142 288 L150 324 Q100 336 50 324 Z" fill="#e6f4ff" />
          {/* bonnet and boot lines, doors */}
          <path d="M64 30 Q62 70 58 108 M136 30 Q138 70 142 108" />
          <path d="M32 200 L58 200 M142 200 L168 200 M32 250 L58 250 M142 250 L168 250" />
          {/* mirrors */}
          <ellipse cx="24" cy="134" rx="9" ry="6" fill="#fafafa" />
          <ellipse cx="176" cy="134" rx="9" ry="6" fill="#fafafa" />
          {/* head and tail lights */}
          <rect x="44" y="26" width="24" height="8" rx="4" fill="#fffbe6" />
          <rect x="132" y="26" width="24" height="8" rx="4" fill="#fffbe6" />
          <rect x="44" y="370" width="24" height="8" rx="4" fill="#fff1f0" />
          <rect x="132" y="370" width="24" height="8" rx="4" fill="#fff1f0" />
        </g>
        {points.map((p, i) => (
          <g
            key={i}
            data-testid="damage-point"
            onClick={(e) => {
              if (!onSelect) return;
              e.stopPropagation();
              onSelect(i);
            }}
            style={{ cursor: onSelect ? 'pointer' : 'default' }}
          >
            <circle cx={p.x * W} cy={p.y * H} r={selected === i ? 11 : 9} fill="#f5222d" fillOpacity="0.85" stroke="#fff" strokeWidth="2" />
            <text x={p.x * W} y={p.y * H + 4} textAnchor="middle" fontSize="11" fill="#fff" fontWeight="bold">
              {i + 1}
            </text>
          </g>
        ))}
      </svg>
      <Typography.Text type="secondary">{t('workshop.checkIn.rear')}</Typography.Text>
    </div>
  );
}

/** A form field: tap the car to add a point, then say what is damaged there. */
export function DamageEditor({ value = [], onChange, readOnly = false }: { value?: DamagePoint[]; onChange?: (points: DamagePoint[]) => void; readOnly?: boolean }) {
  const { t } = useI18n();
  const set = (points: DamagePoint[]) => onChange?.(points);
  return (
    <div>
      {!readOnly && <Typography.Paragraph type="secondary">{t('workshop.checkIn.damageHint')}</Typography.Paragraph>}
      <CarDiagram points={value} onAdd={readOnly ? undefined : (p) => set([...value, { ...p, note: '' }])} />
      <List
        size="small"
        dataSource={value}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workshop.checkIn.damageNone')} /> }}
        renderItem={(p, i) => (
          <List.Item
            actions={
              readOnly
                ? []
                : [<Button key="delete" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => set(value.filter((_, j) => j !== i))} />]
            }
          >
            <span style={{ display: 'flex', gap: 8, alignItems: 'center', width: '100%' }}>
              <b style={{ color: '#f5222d', minWidth: 18 }}>{i + 1}</b>
              {readOnly ? (
                <span>{p.note || '—'}</span>
              ) : (
                <Input
                  size="small"
                  maxLength={200}
                  value={p.note}
                  placeholder={t('workshop.checkIn.damageNote')}
                  data-testid={`damage-note-${i}`}
                  onChange={(e) => set(value.map((q, j) => (j === i ? { ...q, note: e.target.value } : q)))}
                />
              )}
            </span>
          </List.Item>
        )}
      />
    </div>
  );
}
