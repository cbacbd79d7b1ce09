import { describe, expect, it } from 'vitest'
import { NO_FILTERS, parseWhat, recordQuery } from './records'

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

  it('reads a record of 不满意 standing after the revisit', () => {
    expect(parseWhat('不满意 still standing after the revisit of 2025-04-02: 电话回访，仍不认可')).toEqual({
      kind: 'dissatisfied',
      revisitedOn: '2025-04-02',
      outcome: '电话回访，仍不认可',
    })
  })
})

describe('recordQuery', () => {
  it('sends every filter the user set, trimmed, and the order', () => {
    const q = recordQuery({
      region: '320831',
      department: ' 320831003-GOV ',
      reason: 'overdue',
      kind: 'claim',
      petitionId: ' p1 ',
      since: '2025-03-01',
      until: '2025-03-31',
      sanction: 'disciplinary',
      newestFirst: true,
    })
    expect(q).toEqual({
      region: '320831',
      department: '320831003-GOV',
      reason: 'overdue',
      kind: 'claim',
      petition_id: 'p1',
      since: '2025-03-01',
      until: '2025-03-31',
      sanction: 'disciplinary',
      order: 'newest',
    })
  })

  it('leaves out what is not set, and takes only a kind the API knows', () => {
    expect(recordQuery(NO_FILTERS)).toEqual({ order: 'newest' })
    expect(recordQuery({ ...NO_FILTERS, kind: 'complaint', newestFirst: false })).toEqual({ order: 'oldest' })
    expect(recordQuery({ ...NO_FILTERS, sanction: 'none', until: '2025-03-31' })).toEqual({
      sanction: 'none',
      until: '2025-03-31',
      order: 'newest',
    })
  })
})
