/** Short notices after a dialog closes (sent, or someone else was first), with their style:
 * the resolver adds styles for components in templates only. */
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ApiError } from '../../lib/api'

export function notifyDone(text: string): void {
  ElMessage({ type: 'success', message: text, showClose: true })
}

export function notifyWarning(text: string): void {
  ElMessage({ type: 'warning', message: text, showClose: true, duration: 8000 })
}

/** A 409 from a command sent with If-Match that means someone else changed the petition
 * first: the version moved, or the state did (the command is no longer allowed). A 409 for a
 * rule of the regulation (a time limit passed) is a refusal to show as it is. */
export function isConflict(e: unknown): boolean {
  if (!(e instanceof ApiError) || e.status !== 409) return false
  const d = e.detail ?? ''
  return d === '' || /version|not allowed while/.test(d)
}

/** The refusal in words a person can act on. */
export function refusalText(e: unknown, fallback: string, network: string): string {
  if (!(e instanceof ApiError)) return fallback
  if (e.status === 0) return network
  const field = e.errors[0]?.message
  return e.detail && e.detail !== 'the request is not valid; see errors' ? e.detail : (field ?? fallback)
}
