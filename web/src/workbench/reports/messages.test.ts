import { describe, expect, it } from 'vitest'
import { messages } from './messages'

function keys(o: unknown, at = ''): string[] {
  if (typeof o !== 'object' || o === null) return [at]
  return Object.entries(o).flatMap(([k, v]) => keys(v, at ? `${at}.${k}` : k))
}

describe("the reports' words", () => {
  it('has every key in both locales', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort())
  })
})
