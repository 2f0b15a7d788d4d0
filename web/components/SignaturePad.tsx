import { Button, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../lib/i18n';

type Point = { x: number; y: number };

export interface SignaturePadProps {
  /** Called with the drawing as a PNG (white background) when the signer confirms. */
  onSave: (png: Blob) => void | Promise<void>;
  /** Height of the drawing area in CSS pixels; the width follows the container. */
  height?: number;
  /** Shows the confirm button as busy while the caller uploads. */
  saving?: boolean;
  disabled?: boolean;
  /** A line shown inside the empty pad; defaults to "sign here". */
  hint?: string;
}

const INK = '#111';
const LINE_WIDTH = 2.5;

/**
 * A signature drawn with a finger, a stylus or a mouse, handed over as a PNG. Pointer events
 * cover all three; `touch-action: none` keeps the page from scrolling under the finger on a
 * phone. Strokes are kept, so the drawing survives the pad being resized (a phone turned
 * sideways) and is redrawn at the device's pixel density, which keeps it sharp when printed.
 * Generic: workshop check-ins, field sign-offs and work reports all use it.
 */
export function SignaturePad({ onSave, height = 180, saving = false, disabled = false, hint }: SignaturePadProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const active = useRef<number | null>(null);
  const [empty, setEmpty] = useState(true);

  const paint = useCallback(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    const width = c.clientWidth;
    if (c.width !== Math.round(width * ratio) || c.height !== Math.round(height * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(height * ratio);
    }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of strokes.current) drawStroke(ctx, stroke);
  }, [height]);

  useEffect(() => {
    paint();
    const c = canvas.current;
    if (!c || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => paint());
    observer.observe(c);
    return () => observer.disconnect();
  }, [paint]);

  const pointOf = (e: { clientX: number; clientY: number }): Point => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  const extend = (points: Point[]) => {
    const stroke = strokes.current.at(-1);
    const ctx = canvas.current?.getContext('2d');
    if (!stroke || !ctx) return;
    for (const p of points) {
      const last = stroke.at(-1)!;
      stroke.push(p);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
    }
  };

  const clear = () => {
    strokes.current = [];
    setEmpty(true);
    paint();
  };

  const save = () =>
    canvas.current?.toBlob((blob) => {
      if (blob) void onSave(blob);
    }, 'image/png');

  return (
    <div className="signature-pad">
      <div style={{ position: 'relative' }}>
        <canvas
          ref={canvas}
          data-testid="signature-pad"
          aria-label={hint ?? t('signature.hint')}
          role="img"
          style={{ display: 'block', width: '100%', height, border: '1px dashed #bbb', borderRadius: 6, touchAction: 'none', background: '#fff', cursor: disabled ? 'not-allowed' : 'crosshair' }}
          onPointerDown={(e) => {
            if (disabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
            e.preventDefault();
            e.currentTarget.setPointerCapture(e.pointerId);
            active.current = e.pointerId;
            const p = pointOf(e);
            strokes.current.push([p]);
            // A tap is a dot: a stroke of one point draws nothing otherwise.
            const ctx = e.currentTarget.getContext('2d');
            ctx?.beginPath();
            ctx?.arc(p.x, p.y, LINE_WIDTH / 2, 0, Math.PI * 2);
            ctx?.fill();
            setEmpty(false);
          }}
          onPointerMove={(e) => {
            if (active.current !== e.pointerId) return;
            // Coalesced events keep fast strokes smooth where the browser batches them.
            const native = e.nativeEvent;
            const events = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
            extend((events.length ? events : [native]).map(pointOf));
          }}
          onPointerUp={(e) => {
            if (active.current === e.pointerId) active.current = null;
          }}
          onPointerCancel={(e) => {
            if (active.current === e.pointerId) active.current = null;
          }}
        />
        {empty && (
          <div className="muted" style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', pointerEvents: 'none', userSelect: 'none' }}>
            {hint ?? t('signature.hint')}
          </div>
        )}
      </div>
      <Space style={{ marginTop: 8 }}>
        <Button onClick={clear} disabled={disabled || empty} data-testid="signature-clear">
          {t('signature.clear')}
        </Button>
        <Button type="primary" disabled={disabled || empty} loading={saving} data-testid="signature-save" onClick={save}>
          {t('signature.save')}
        </Button>
      </Space>
    </div>
  );
}

function drawStroke(ctx: CanvasRenderingContext2D, stroke: Point[]) {
  const [first, ...rest] = stroke;
  if (!first) return;
  if (rest.length === 0) {
    ctx.beginPath();
    ctx.arc(first.x, first.y, LINE_WIDTH / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(first.x, first.y);
  for (const p of rest) ctx.lineTo(p.x, p.y);
  ctx.stroke();
}
