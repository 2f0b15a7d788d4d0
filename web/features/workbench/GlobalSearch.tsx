import { SearchOutlined } from '@ant-design/icons';
import { Button, Empty, Grid, Input, Modal, Spin, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { MessageKey } from '../../../shared/i18n';
import { useI18n } from '../../lib/i18n';
import { hasPermission, useMe } from '../../lib/session';
import { useDebounced } from '../../lib/use-debounced';
import { useGlobalSearch } from './api';

interface Hit {
  key: string;
  section: 'tickets' | 'customers' | 'assets' | 'people';
  title: ReactNode;
  detail: ReactNode;
  /** Where Enter goes; none for a person the caller has no page for. */
  to: string | null;
}

/** Whether a key press is typing into a field, where "/" is a character and not a shortcut. */
function typing(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * The header's search over tickets, customers, assets and people: Ctrl+K (⌘K) anywhere, or "/"
 * outside a field, opens it; ↑/↓ pick a result, Enter opens it, Esc closes.
 */
export function GlobalSearch() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<InputRef>(null);
  const screens = Grid.useBreakpoint();
  const wide = !!screens.md;
  const query = useDebounced(q.trim(), 200);
  const found = useGlobalSearch(open ? query : '');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const user = me.data;
  const hits: Hit[] = useMemo(() => {
    const d = query ? found.data : undefined;
    if (!d) return [];
    const personPage = (p: NonNullable<typeof d.people>[number]) =>
      p.role === 'technician' && hasPermission(user, 'dispatch.read') ? `/dispatch/technicians/${p.id}` : hasPermission(user, 'users.manage') ? `/users?q=${encodeURIComponent(p.username)}` : null;
    return [
      ...(d.tickets ?? []).map((x) => ({
        key: `t-${x.id}`,
        section: 'tickets' as const,
        title: (
          <>
            {x.number} <Tag>{label('status', x.status)}</Tag>
          </>
        ),
        detail: `${x.customerName} · ${x.description}`,
        to: `/tickets/${x.id}`,
      })),
      ...(d.customers ?? []).map((x) => ({ key: `c-${x.id}`, section: 'customers' as const, title: x.name, detail: [x.phone, x.companyName].filter(Boolean).join(' · '), to: `/customers/${x.id}` })),
      ...(d.assets ?? []).map((x) => ({ key: `a-${x.id}`, section: 'assets' as const, title: x.serialNumber, detail: [x.label, x.plate].filter(Boolean).join(' · '), to: `/assets/${x.id}` })),
      ...(d.people ?? []).map((x) => ({ key: `p-${x.id}`, section: 'people' as const, title: x.name, detail: [label('role', x.role), x.team, x.phone].filter(Boolean).join(' · '), to: personPage(x) })),
    ];
  }, [found.data, query, label, user]);

  // Typing starts the choice again at the top; a shorter answer never leaves it past the end.
  const current = Math.max(0, Math.min(active, hits.length - 1));

  const close = () => {
    setOpen(false);
    setQ('');
  };
  const go = (hit: Hit | undefined) => {
    if (!hit?.to) return;
    close();
    navigate(hit.to);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(current + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(hits[current]);
    }
  };

  let lastSection: Hit['section'] | null = null;
  return (
    <>
      {/* A tablet's header has room for the icon only, a phone's for none (the shortcuts still work). */}
      {screens.sm && <Button icon={<SearchOutlined />} onClick={() => setOpen(true)} data-testid="global-search-open" className="global-search-button" aria-label={t('search.open')} type={wide ? 'default' : 'text'}>
        {wide && (
          <>
            <span>{t('search.open')}</span>
            <Typography.Text keyboard type="secondary">
              {t('search.shortcut')}
            </Typography.Text>
          </>
        )}
      </Button>}
      <Modal
        open={open}
        onCancel={close}
        footer={null}
        closable={false}
        width={640}
        style={{ top: 80 }}
        destroyOnHidden
        afterOpenChange={(visible) => visible && input.current?.focus()}
        styles={{ body: { padding: 0 } }}
      >
        <Input
          ref={input}
          autoFocus
          size="large"
          variant="borderless"
          prefix={<SearchOutlined />}
          placeholder={t('search.placeholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="global-search-input"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="global-search-results"
          aria-activedescendant={hits[current] ? `gs-${hits[current].key}` : undefined}
        />
        <div className="global-search-results" id="global-search-results" role="listbox" data-testid="global-search-results">
          {!query ? (
            <Typography.Text type="secondary" className="global-search-note">
              {t('search.typeToSearch')}
            </Typography.Text>
          ) : found.isFetching && !found.data ? (
            <Spin style={{ display: 'block', margin: 24 }} />
          ) : hits.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.none')} />
          ) : (
            hits.map((hit, i) => {
              const heading = hit.section !== lastSection ? <div className="global-search-section">{t(`search.${hit.section}` as MessageKey)}</div> : null;
              lastSection = hit.section;
              return (
                <div key={hit.key}>
                  {heading}
                  <div
                    id={`gs-${hit.key}`}
                    role="option"
                    aria-selected={i === current}
                    className={`global-search-hit${i === current ? ' active' : ''}${hit.to ? '' : ' inert'}`}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => go(hit)}
                    data-testid={`global-search-hit-${hit.section}`}
                  >
                    <span className="global-search-title">{hit.title}</span>
                    <Typography.Text type="secondary" ellipsis className="global-search-detail">
                      {hit.detail}
                    </Typography.Text>
                  </div>
                </div>
              );
            })
          )}
        </div>
        <div className="global-search-foot">
          <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>
        </div>
      </Modal>
    </>
  );
}
