import { describe, expect, it, vi } from 'vitest'
import { applyPadKey, BACKSPACE, CLEAR, padKeys } from './pad'
import { categoryOptions, pathMatches, regionOptions, type Region } from './reference'
import { wipeBrowserState } from './wipe'

describe('the on-screen pad', () => {
  it('types, deletes and clears', () => {
    expect(applyPadKey('138', '0')).toBe('1380')
    expect(applyPadKey('1380', BACKSPACE)).toBe('138')
    expect(applyPadKey('1380', CLEAR)).toBe('')
    expect(applyPadKey('', BACKSPACE)).toBe('')
  })

  it('stops at the field length', () => {
    expect(applyPadKey('13800138000', '1', 11)).toBe('13800138000')
  })

  it('offers X for ID numbers and no misreadable letters for tracking codes', () => {
    expect(padKeys('id')).toContain('X')
    expect(padKeys('digits')).not.toContain('X')
    for (const ch of ['I', 'L', 'O']) expect(padKeys('code')).not.toContain(ch)
    expect(padKeys('code')).toContain('-')
  })
})

describe('wiping the kiosk', () => {
  it('clears every storage and store, even if one storage throws', () => {
    const local = { clear: vi.fn() }
    const broken = {
      clear: () => {
        throw new Error('SecurityError')
      },
    }
    const session = { clear: vi.fn() }
    const resetStores = vi.fn()
    wipeBrowserState({ storages: [local, broken, session, null], resetStores })
    expect(local.clear).toHaveBeenCalled()
    expect(session.clear).toHaveBeenCalled()
    expect(resetStores).toHaveBeenCalled()
  })
})

describe('reference options', () => {
  const city: Region = {
    code: '320800',
    name_zh: '淮安市',
    level: 'city',
    children: [
      {
        code: '320812',
        name_zh: '清江浦区',
        level: 'county',
        children: [
          {
            code: '320812001',
            name_zh: '清江街道',
            level: 'township',
            children: [{ code: '320812001001', name_zh: '新安社区', level: 'village', children: [] }],
          },
        ],
      },
    ],
  }

  it('starts the region cascader below the city and ends at the villages', () => {
    const opts = regionOptions([city])
    expect(opts.map((o) => o.label)).toEqual(['清江浦区'])
    const village = opts[0].children?.[0].children?.[0]
    expect(village).toEqual({ value: '320812001001', label: '新安社区' })
  })

  it('gives categories as majors with their minors', () => {
    const opts = categoryOptions([{ code: '01', name_zh: '城乡建设', minors: [{ code: '0102', name_zh: '物业管理' }] }])
    expect(opts).toEqual([{ value: '01', label: '城乡建设', children: [{ value: '0102', label: '物业管理' }] }])
  })

  it('finds a category by any part of its name or its code', () => {
    expect(pathMatches(['城乡建设', '物业管理'], ['01', '0102'], '物业')).toBe(true)
    expect(pathMatches(['城乡建设', '物业管理'], ['01', '0102'], '0102')).toBe(true)
    expect(pathMatches(['城乡建设', '物业管理'], ['01', '0102'], '医疗')).toBe(false)
  })
})
