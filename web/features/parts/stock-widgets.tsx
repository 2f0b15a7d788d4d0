import { Select, Tag } from 'antd';
import { useState } from 'react';
import type { LocationKind } from '../../../shared/contracts/parts';
import { useI18n } from '../../lib/i18n';
import { useDebounced } from '../../lib/use-debounced';
import { useLocations, usePartSearch, type Part } from './api-stock';

const KIND_COLOURS: Record<LocationKind, string> = { warehouse: 'blue', depot: 'cyan', van: 'gold', customer: 'purple' };

export function LocationKindTag({ kind }: { kind: LocationKind }) {
  const { label } = useI18n();
  return <Tag color={KIND_COLOURS[kind]}>{label('locationKind', kind)}</Tag>;
}

/** A stock location in use, by name with its kind. */
export function LocationSelect(props: { value?: string | undefined; onChange?: (id: string | undefined) => void; placeholder?: string; allowClear?: boolean; style?: React.CSSProperties; testId?: string; exclude?: string | undefined }) {
  const { label } = useI18n();
  const locations = useLocations();
  return (
    <Select
      showSearch
      optionFilterProp="search"
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      style={props.style}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      loading={locations.isLoading}
      data-testid={props.testId}
      options={(locations.data ?? [])
        .filter((l) => l.id !== props.exclude)
        .map((l) => ({ value: l.id, label: `${l.name}（${label('locationKind', l.kind)}）`, search: `${l.name} ${label('locationKind', l.kind)}` }))}
    />
  );
}

/**
 * A part of the catalogue, found by number or name as one types. `onPart` hears the whole
 * part (whether it is serial-tracked, its unit and cost) when one is chosen.
 */
export function PartPicker(props: { value?: string | undefined; onChange?: (id: string | undefined) => void; onPart?: (part: Part | undefined) => void; placeholder?: string; allowClear?: boolean; style?: React.CSSProperties; testId?: string }) {
  const [q, setQ] = useState('');
  const search = usePartSearch(useDebounced(q, 250));
  const parts = search.data ?? [];
  return (
    <Select
      showSearch
      filterOption={false}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      style={props.style}
      value={props.value}
      onSearch={setQ}
      onChange={(v: string | undefined) => {
        props.onChange?.(v);
        props.onPart?.(parts.find((p) => p.id === v));
      }}
      loading={search.isFetching}
      data-testid={props.testId}
      options={parts.map((p) => ({ value: p.id, label: `${p.number} ${p.name}` }))}
      popupMatchSelectWidth={false}
    />
  );
}

/** A quantity as the ledger shows it: a sign on a change, three decimals at most. */
export function formatQuantity(n: number, signed = false): string {
  const text = Number(n.toFixed(3)).toString();
  return signed && n > 0 ? `+${text}` : text;
}
