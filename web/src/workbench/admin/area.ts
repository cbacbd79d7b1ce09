// The admin area of the workbench: its routes and menu entries (see ../types.ts).
import type { Area } from '../types'

export const area: Area = {
  routes: [],
  menu: [],
}
