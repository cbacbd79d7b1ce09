/** What the custom charts page reads and writes, through index's typed client
 * (services/index/api/charts.py). */
import { indexApi } from '../../api/clients'
import type { components } from '../../api/schema/index'
import type { Definition, Figures } from './chart'

export type SavedChart = components['schemas']['SavedChart']

export async function figuresOf(d: Definition): Promise<Figures> {
  const { data } = await indexApi.POST('/v1/charts/data', { body: d as never })
  return data as Figures
}

export async function savedCharts(): Promise<SavedChart[]> {
  const { data } = await indexApi.GET('/v1/charts')
  return (data as { items: SavedChart[] }).items
}

export async function saveChart(name: string, shared: boolean, definition: Definition): Promise<SavedChart> {
  const { data } = await indexApi.POST('/v1/charts', { body: { name, shared, definition: definition as never } })
  return data as SavedChart
}

export async function changeChart(id: string, change: { name?: string; shared?: boolean; definition?: Definition }): Promise<SavedChart> {
  const { data } = await indexApi.PATCH('/v1/charts/{chart_id}', {
    params: { path: { chart_id: id } },
    body: change as never,
  })
  return data as SavedChart
}

export async function deleteChart(id: string): Promise<void> {
  await indexApi.DELETE('/v1/charts/{chart_id}', { params: { path: { chart_id: id } } })
}

/** The chart's rows as index writes them into a workbook: a saved chart's own, or the
 * definition on the screen. */
export async function excelOf(d: Definition, savedId: string | null): Promise<Blob> {
  if (savedId) {
    const { data } = await indexApi.GET('/v1/charts/{chart_id}/export.xlsx', {
      params: { path: { chart_id: savedId } },
      parseAs: 'blob',
    })
    return data as Blob
  }
  const { data } = await indexApi.POST('/v1/charts/export.xlsx', { body: d as never, parseAs: 'blob' })
  return data as Blob
}

/** Save a blob or a data URL under a file name (an anchor's download). */
export function download(filename: string, what: Blob | string): void {
  const url = typeof what === 'string' ? what : URL.createObjectURL(what)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  if (typeof what !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000)
}
