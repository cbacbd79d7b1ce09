import { describe, expect, it } from 'vitest'
import type { Region } from '../../lib/reference'
import { homeRegion, regionIndex, rollUpLights, shownRegions, splitByBoundary } from './scheme'

const village = (code: string): Region => ({ code, name_zh: code, level: 'village' })
const CITY: Region = {
  code: '320800',
  name_zh: '淮安市',
  level: 'city',
  children: [
    {
      code: '320831',
      name_zh: '金湖县',
      level: 'county',
      children: [{ code: '320831003', name_zh: '银涂镇', level: 'township', children: [village('320831003001')] }],
    },
    { code: '320812', name_zh: '清江浦区', level: 'county', children: [village('320812001')] },
    { code: '320871', name_zh: '淮安经济技术开发区', level: 'county' },
  ],
}
const INDEX = regionIndex([CITY])

describe('the cockpit scheme', () => {
  it('finds the home region of a region or a department', () => {
    expect(homeRegion('320831')).toBe('320831')
    expect(homeRegion('320831-ZJJ')).toBe('320831')
  })

  it('shows the counties to the city, the county alone to its own leader', () => {
    expect(shownRegions(CITY).map((r) => r.code)).toEqual(['320831', '320812', '320871'])
    expect(shownRegions(CITY.children![0]).map((r) => r.code)).toEqual(['320831'])
  })

  it('adds up lights of villages into their counties, ignoring what lies outside the root', () => {
    const groups = {
      '320831003001': { red: 1, yellow: 2, green: 3 },
      '320831003': { red: 1, yellow: 0, green: 0 },
      '320812001': { red: 5, yellow: 0, green: 0 },
    }
    expect(rollUpLights(groups, ['320831', '320812', '320871'], '320800', INDEX)).toEqual({
      '320831': { red: 2, yellow: 2, green: 3 },
      '320812': { red: 5, yellow: 0, green: 0 },
      '320871': { red: 0, yellow: 0, green: 0 },
    })
    expect(rollUpLights(groups, ['320831003'], '320831', INDEX)).toEqual({ '320831003': { red: 2, yellow: 2, green: 3 } })
  })

  it('keeps a region without a boundary beside the map', () => {
    const { drawn, beside } = splitByBoundary(CITY.children!, new Set(['金湖县', '清江浦区']))
    expect(drawn.map((r) => r.code)).toEqual(['320831', '320812'])
    expect(beside.map((r) => r.code)).toEqual(['320871'])
  })
})
