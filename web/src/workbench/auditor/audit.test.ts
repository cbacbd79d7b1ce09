import { describe, expect, it } from 'vitest'
import { isTrackingCode, mergeTimeline, normalise, shownAt, type AuditRow } from './audit'

describe('isTrackingCode', () => {
  it('knows a tracking code, grouped or not, by its check character', () => {
    // 0000-0000-0000-0010: body value 1 → check "1".
    expect(isTrackingCode('0000-0000-0000-0011')).toBe(true)
    expect(isTrackingCode('000000000000001 1')).toBe(true)
    expect(isTrackingCode('0000-0000-0000-0012')).toBe(false)
    expect(isTrackingCode('YQNX-YYV8-EBWC-E8C8')).toBe(true) // one intake made
    expect(isTrackingCode('yqnx yyv8 ebwc e8c8')).toBe(true)
  })

  it('takes a petition id for what it is', () => {
    expect(isTrackingCode('3f2a6c1e-0b7d-4e8a-9c1f-2d3e4f5a6b7c')).toBe(false)
    expect(isTrackingCode('3f2a6c1e')).toBe(false)
  })
})

describe('normalise', () => {
  it("reads supervision's rows (replay's field names)", () => {
    const row = normalise(
      {
        at: '2025-03-01T02:03:04+00:00',
        petition_id: 'p1',
        version: 3,
        event_type: 'petition.assigned',
        user_id: 'u-routing',
        role: 'system',
        org: '320800',
        event_id: 'e3',
        deadline: 'forward',
        due_on: '2025-02-10',
        met: false,
        what: '交办',
      },
      0,
    )
    expect(row).toMatchObject({ key: 'e3', at: '2025-03-01T02:03:04+00:00', user: 'u-routing', deadline: 'forward', dueOn: '2025-02-10', met: false, version: 3 })
  })
})

describe('mergeTimeline', () => {
  const event = (at: string, key: string) => ({ ...normalise({ at, event_id: key, petition_id: 'p1' }, 0) })
  const act = (day: string, key: string): AuditRow => ({ ...event(day, key), source: 'supervision', dayOnly: true })

  it("puts supervision's acts of a day at that day's start in the city, in time order", () => {
    const events = [
      event('2026-03-01T01:00:00+00:00', 'registered'), // 09:00 on 1 March in the city
      event('2026-03-09T23:30:00+00:00', 'replied'), // 07:30 on 10 March in the city
      event('2026-03-10T02:00:00+00:00', 'revisit'), // 10:00 on 10 March
    ]
    const merged = mergeTimeline(events, [act('2026-03-10', 'record'), act('2026-03-10', 'sanction')])
    expect(merged.map((r) => r.key)).toEqual(['registered', 'record', 'sanction', 'replied', 'revisit'])
  })

  it("puts an act kept with its instant at its time of day, among the petition's rows", () => {
    const events = [
      event('2026-03-10T01:00:00+00:00', 'registered'), // 09:00 in the city
      event('2026-03-10T06:00:00+00:00', 'accepted'), // 14:00
    ]
    const urged = { ...event('2026-03-10T03:30:00+00:00', 'urged'), source: 'supervision' as const }
    const paused = { ...event('2026-03-10T08:15:00+00:00', 'paused'), source: 'supervision' as const }
    const merged = mergeTimeline(events, [paused, urged])
    expect(merged.map((r) => r.key)).toEqual(['registered', 'urged', 'accepted', 'paused'])
    expect(shownAt(urged)).toBe('2026-03-10 11:30:00')
  })

  it('never puts an act before the registration, even on its day', () => {
    const events = [event('2026-03-01T04:00:00+00:00', 'registered'), event('2026-03-01T04:00:05+00:00', 'assigned')]
    const merged = mergeTimeline(events, [act('2026-03-01', 'urged')])
    expect(merged.map((r) => r.key)).toEqual(['registered', 'urged', 'assigned'])
  })

  it('shows a day as a day and a moment in the city time', () => {
    expect(shownAt(act('2026-03-10', 'x'))).toBe('2026-03-10')
    expect(shownAt(event('2026-03-10T02:00:00+00:00', 'y'))).toBe('2026-03-10 10:00:00')
  })
})
