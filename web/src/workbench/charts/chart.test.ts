import { describe, expect, it } from 'vitest'
import { toCsv } from '../kit/csv'
import { GRADE_COLOURS } from '../cockpit/scheme'
import { colourOf, csvColumns, dimensionsFor, drawnRows, fileName, optionFor, settle, typesFor, type Figures } from './chart'

const figures: Figures = {
  title: '淮安市2025年3月信访件次（按地区）',
  measure_name: '信访件次',
  dimension: 'region',
  dimension_name: '地区',
  unit: '件',
  good: 'low',
  region: '320800',
  period_text: '2025年3月',
  rows: [
    { key: '320812', name: '清江浦区', value: 8 },
    { key: '320803', name: '淮安区', value: 2 },
    { key: '320800', name: '淮安市（本级）', value: 1 },
  ],
}

describe('custom charts', () => {
  it('splits a measure only by what index can answer', () => {
    expect(dimensionsFor('petitions')).toContain('channel')
    expect(dimensionsFor('satisfaction_rate')).toEqual(['region', 'category', 'period'])
    expect(dimensionsFor('index')).toEqual(['region', 'period'])
    expect(typesFor('category')).not.toContain('map')
    expect(typesFor('region')).toContain('map')
  })

  it('settles a definition after a pick: a dimension the measure takes, no map of categories', () => {
    const d = settle({ measure: 'index', dimension: 'channel', chart_type: 'map', region: '320800', period: 'month', category: '01', to: '2025-01-01' })
    expect(d).toMatchObject({ dimension: 'region', chart_type: 'map', category: null, to: null })
    expect(settle({ ...d, measure: 'petitions', dimension: 'category' }).chart_type).toBe('bar')
  })

  it('colours the best green and the worst red, whichever way is good', () => {
    const values = [8, 2, 1]
    expect(colourOf(8, values, 'low')).toBe(GRADE_COLOURS[1])
    expect(colourOf(1, values, 'low')).toBe(GRADE_COLOURS[4])
    expect(colourOf(8, values, 'high')).toBe(GRADE_COLOURS[4])
    expect(colourOf(5, [5], 'high')).toBe(GRADE_COLOURS[4])
    expect(colourOf(null, values, 'high')).not.toBe(GRADE_COLOURS[4])
  })

  it('leaves the region’s own level off a map and a pie, not off the table', () => {
    expect(drawnRows(figures, 'map').map((r) => r.key)).toEqual(['320812', '320803'])
    expect(drawnRows(figures, 'table')).toHaveLength(3)
    const bar = optionFor(figures, 'bar') as { xAxis: { data: string[] }; yAxis: { name: string } }
    expect(bar.xAxis.data).toEqual(['清江浦区', '淮安区', '淮安市（本级）'])
    expect(bar.yAxis.name).toBe('件')
    const map = optionFor(figures, 'map', 'm') as { series: { map: string; data: unknown[] }[] }
    expect(map.series[0].map).toBe('m')
    expect(map.series[0].data).toHaveLength(2)
  })

  it('writes the rows as CSV with Chinese headers, and a safe file name', () => {
    const csv = toCsv(figures.rows, csvColumns(figures))
    expect(csv.startsWith('\ufeff地区,信访件次（件）,代码\r\n清江浦区,8,320812')).toBe(true)
    expect(fileName('各地 件次/3月', 'csv')).toBe('各地_件次_3月.csv')
    expect(fileName('', 'png')).toBe('图表.png')
  })
})
