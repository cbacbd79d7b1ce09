import { describe, expect, it } from 'vitest'
import { csrfHeaders, readCookie } from './csrf'

describe('csrfHeaders', () => {
  const cookies = 'theme=dark; sunshine_csrf=abc%2F123; other=1'

  it('sends the cookie value as X-CSRF-Token on writes', () => {
    expect(csrfHeaders('POST', cookies)).toEqual({ 'X-CSRF-Token': 'abc/123' })
    expect(csrfHeaders('delete', cookies)).toEqual({ 'X-CSRF-Token': 'abc/123' })
  })

  it('sends nothing on reads', () => {
    expect(csrfHeaders('GET', cookies)).toEqual({})
  })

  it('sends nothing when there is no cookie (a citizen without a session)', () => {
    expect(csrfHeaders('POST', 'theme=dark')).toEqual({})
    expect(csrfHeaders('POST', '')).toEqual({})
  })

  it('does not take a cookie whose name only ends the same', () => {
    expect(readCookie('x_sunshine_csrf=no', 'sunshine_csrf')).toBeNull()
  })
})
