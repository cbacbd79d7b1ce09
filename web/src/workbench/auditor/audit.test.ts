import { describe, expect, it } from 'vitest'
import { isTrackingCode, normalise } from './audit'

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
