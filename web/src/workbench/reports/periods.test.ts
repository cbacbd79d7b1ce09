import { describe, expect, it } from 'vitest'
import { periodWords, rangeOf } from './periods'

describe('a report period', () => {
  it('runs Monday to Sunday for a week, as the index counts it', () => {
    expect(rangeOf('week', '2025-04-02')).toEqual({ start: '2025-03-31', end: '2025-04-06' })
    expect(rangeOf('week', '2025-04-06')).toEqual({ start: '2025-03-31', end: '2025-04-06' })
  })

  it('is the calendar month, the day, or the range picked', () => {
    expect(rangeOf('month', '2024-02-10')).toEqual({ start: '2024-02-01', end: '2024-02-29' })
    expect(rangeOf('day', '2025-03-05')).toEqual({ start: '2025-03-05', end: '2025-03-05' })
    expect(rangeOf('custom', '2025-01-01', '2025-03-31')).toEqual({ start: '2025-01-01', end: '2025-03-31' })
  })

  it('is named in a title as people write it', () => {
    expect(periodWords('month', { start: '2025-11-01', end: '2025-11-30' })).toBe('2025年11月')
    expect(periodWords('day', { start: '2025-11-03', end: '2025-11-03' })).toBe('2025年11月3日')
    expect(periodWords('week', { start: '2025-03-31', end: '2025-04-06' })).toBe('2025年3月31日至4月6日')
    expect(periodWords('custom', { start: '2024-12-01', end: '2025-01-31' })).toBe('2024年12月1日至2025年1月31日')
  })
})
