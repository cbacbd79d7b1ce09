import { describe, expect, it } from 'vitest'
import { manualReasonZh } from './reasons'

const n = { category: (c: string) => `C${c}`, region: (c: string) => `R${c}`, department: (c: string) => `D${c}` }

describe("routing's reasons in Chinese", () => {
  it('names the category and region no rule covers', () => {
    expect(manualReasonZh('no rule places category 1805 in region 320831', n)).toBe(
      '没有哪条分派规则负责“C1805”类问题在R320831的信访。',
    )
  })
  it('says where it looked and what it avoided', () => {
    const got = manualReasonZh('no rule places category 0101 in region 320831 at city level or above outside 320831-ZJJ', n)
    expect(got).toContain('市级及以上')
    expect(got).toContain('D320831-ZJJ')
  })
  it('keeps what it does not know', () => {
    expect(manualReasonZh('something else', n)).toBe('something else')
  })
})
