import { describe, expect, it } from 'vitest'
import { changeText, monthName, rateText, spanText, top, verdict } from './figures'

describe("the cockpit's figures", () => {
  it('writes a ratio as a percentage and days as days', () => {
    expect(rateText(0.9234, 'ratio')).toBe('92.3%')
    expect(rateText(5.25, 'days')).toBe('5.3 天')
    expect(rateText(null, 'ratio')).toBe('—')
  })

  it('writes a change with its sign, and none as a dash', () => {
    expect(changeText(0.125)).toBe('+12.5%')
    expect(changeText(-0.03)).toBe('−3.0%')
    expect(changeText(0)).toBe('0.0%')
    expect(changeText(null)).toBe('—')
  })

  it('says a rising satisfaction is better and a rising repeat share worse', () => {
    expect(verdict('high', 0.05)).toBe('better')
    expect(verdict('high', -0.05)).toBe('worse')
    expect(verdict('low', 0.05)).toBe('worse')
    expect(verdict('low', -0.2)).toBe('better')
    expect(verdict('high', 0)).toBe('same')
    expect(verdict('high', null)).toBe('none')
  })

  it('keeps the largest, without the empty ones', () => {
    const items = [
      { name: '乙', petitions: 3 },
      { name: '甲', petitions: 3 },
      { name: '丙', petitions: 0 },
      { name: '丁', petitions: 9 },
    ]
    expect(top(items, 2).map((x) => x.name)).toEqual(['丁', '甲'])
    expect(top(items, 10)).toHaveLength(3)
  })

  it('writes a period as its days', () => {
    expect(spanText({ start: '2026-11-01', end: '2026-11-04' })).toBe('2026-11-01 至 2026-11-04')
    expect(spanText({ start: '2026-11-01', end: '2026-11-01' })).toBe('2026-11-01')
  })

  it('names a month', () => {
    expect(monthName('2025-03-01')).toBe('3月')
  })
})
