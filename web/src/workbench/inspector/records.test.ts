import { describe, expect, it } from 'vitest'
import { keepRecord, parseWhat, type AccountabilityRecord } from './records'

const rec = (over: Partial<AccountabilityRecord>): AccountabilityRecord => ({
  record_id: 'r1',
  reason: 'overdue',
  petition_id: 'p1',
  step: 'handling',
  department: '320831-ZJJ',
  handler: null,
  case_owner: null,
  region_code: '320831',
  what: '',
  occurred_on: '2025-03-10',
  event_ids: [],
  sanctions: [],
  ...over,
})

describe('parseWhat', () => {
  it('reads an overdue record, still open or completed late', () => {
    expect(parseWhat('step handling due 2025-03-01 missed by 9 day(s), still open')).toEqual({
      kind: 'overdue',
      step: 'handling',
      due: '2025-03-01',
      days: '9',
      completedOn: null,
    })
    const late = parseWhat('step forward due 2025-03-01 missed by 2 day(s), completed 2025-03-03')
    expect(late).toMatchObject({ kind: 'overdue', completedOn: '2025-03-03' })
  })

  it('reads a follow-up record and keeps what it does not know', () => {
    expect(parseWhat('repeat petition abc followed reply rated dissatisfied')).toEqual({
      kind: 'followup',
      repeat: true,
      petition: 'abc',
    })
    expect(parseWhat('something else')).toEqual({ kind: 'other', text: 'something else' })
  })
})

describe('keepRecord', () => {
  const sanctioned = rec({
    sanctions: [{ event_id: 'e', record_id: 'r1', sanction: 'disciplinary', person: 'x', decided_on: '2025-03-11', decided_by: 'i', note: '' }],
  })

  it('filters on the period, both ends included', () => {
    expect(keepRecord(rec({}), { period: ['2025-03-10', '2025-03-10'], sanction: '' })).toBe(true)
    expect(keepRecord(rec({}), { period: ['2025-03-11', '2025-03-20'], sanction: '' })).toBe(false)
  })

  it('filters on the sanction, or on none yet', () => {
    expect(keepRecord(sanctioned, { period: null, sanction: 'disciplinary' })).toBe(true)
    expect(keepRecord(sanctioned, { period: null, sanction: 'dismissal' })).toBe(false)
    expect(keepRecord(sanctioned, { period: null, sanction: 'none' })).toBe(false)
    expect(keepRecord(rec({}), { period: null, sanction: 'none' })).toBe(true)
  })
})
