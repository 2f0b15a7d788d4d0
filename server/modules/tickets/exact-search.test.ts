import { describe, expect, it } from 'vitest';
import { exactIdentifierOf } from './exact-search';

describe('which searches are exact identifiers', () => {
  it('ticket numbers, full phone numbers, serials and plates are; words and phone tails are not', () => {
    expect(exactIdentifierOf('BX-20261127-0001')).toEqual({ number: 'BX-20261127-0001' });
    expect(exactIdentifierOf('bx-20261127-0001')).toEqual({ number: 'BX-20261127-0001' });
    expect(exactIdentifierOf('+86 138-1234-5678')).toEqual({ phone: '13812345678', codes: ['13812345678'] });
    expect(exactIdentifierOf('021-6888 1234')).toEqual({ phone: '02168881234', codes: ['02168881234'] });
    expect(exactIdentifierOf('KFR-35-0001')).toEqual({ codes: ['KFR-35-0001', 'KFR350001'] });
    expect(exactIdentifierOf('lfv2a21k6m3001234')).toEqual({ codes: ['lfv2a21k6m3001234', 'LFV2A21K6M3001234'] });
    expect(exactIdentifierOf('沪B·66666')).toEqual({ codes: ['沪B·66666', '沪B66666'] });
    for (const search of ['漏水', '5678', '空调 不制冷', 'KFR', '张伟', 'a1', '']) expect(exactIdentifierOf(search), search).toBeNull();
  });
});
