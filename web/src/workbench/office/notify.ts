/** Short notices after a dialog closes (sent, or someone else was first), with their style:
 * the resolver adds styles for components in templates only. */
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'

export function notifyDone(text: string): void {
  ElMessage({ type: 'success', message: text, showClose: true })
}

export function notifyWarning(text: string): void {
  ElMessage({ type: 'warning', message: text, showClose: true, duration: 8000 })
}
