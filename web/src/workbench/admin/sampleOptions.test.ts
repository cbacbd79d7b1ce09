import { describe, expect, it } from 'vitest'
import { categoryGroups, regionChoices, ruleDescription } from './sampleOptions'

const city = {
  code: '320800',
  name_zh: '淮安市',
  level: 'city',
  children: [
    {
      code: '320831',
      name_zh: '金湖县',
      level: 'county',
      children: [{ code: '320831003', name_zh: '银涂镇', level: 'township', children: [{ code: '320831003002', name_zh: '五里村', level: 'village' }] }],
    },
  ],
}

describe('the preview pickers', () => {
  it('names each region below the city by its path', () => {
    expect(regionChoices([city])).toEqual([
      { value: '320831', label: '金湖县' },
      { value: '320831003', label: '金湖县 / 银涂镇' },
      { value: '320831003002', label: '金湖县 / 银涂镇 / 五里村' },
    ])
  })

  it('groups the minor categories under their major one', () => {
    const groups = categoryGroups([{ code: '01', name_zh: '城乡建设', minors: [{ code: '0101', name_zh: '住房保障' }] }])
    expect(groups).toEqual([{ label: '城乡建设', options: [{ value: '0101', label: '住房保障' }] }])
  })

  it("reads a rule's description from the editor, or nothing", () => {
    const text = JSON.stringify({ label: 'x', rules: [{ id: 'r1', description: '县住建局' }] })
    expect(ruleDescription(text, 'r1')).toBe('县住建局')
    expect(ruleDescription(text, 'r2')).toBe('')
    expect(ruleDescription('{not json', 'r1')).toBe('')
  })
})
