/**
 * The API names a refused field by its path in the request (`body.petitioner.phone`); the
 * form shows the message next to the form item whose prop is that path without `body.`
 * (`petitioner.phone`). A path deeper than any item (`body.attachment_ids.0`) goes to the
 * nearest item above it; one that matches no item is shown above the form.
 */
import type { FieldError } from './api'

export function fieldOf(path: string, props: readonly string[]): string | null {
  let parts = path.split('.').filter((p) => p !== '')
  if (parts[0] === 'body') parts = parts.slice(1)
  while (parts.length > 0) {
    const candidate = parts.join('.')
    if (props.includes(candidate)) return candidate
    parts = parts.slice(0, -1)
  }
  return null
}

export interface PlacedErrors {
  /** form item prop -> the message(s) to show next to it */
  byField: Record<string, string>
  /** messages no field owns */
  general: string[]
}

export function placeErrors(errors: readonly FieldError[], props: readonly string[]): PlacedErrors {
  const byField: Record<string, string> = {}
  const general: string[] = []
  for (const e of errors) {
    const prop = fieldOf(e.field, props)
    if (prop === null) {
      if (!general.includes(e.message)) general.push(e.message)
    } else if (byField[prop] === undefined) {
      byField[prop] = e.message
    } else if (!byField[prop].includes(e.message)) {
      byField[prop] = `${byField[prop]}；${e.message}`
    }
  }
  return { byField, general }
}
