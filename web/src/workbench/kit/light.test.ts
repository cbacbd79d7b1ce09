import { describe, expect, it } from 'vitest'
import { lightOfDue, lightOfUrgency, todayIso } from './light'
import { commandName } from './petition'

describe('lights', () => {
  it('is red past the due date, yellow within 3 days, green otherwise, none without a date', () => {
    expect(lightOfDue('2026-03-09', '2026-03-10')).toBe('red')
    expect(lightOfDue('2026-03-10', '2026-03-10')).toBe('yellow')
    expect(lightOfDue('2026-03-13', '2026-03-10')).toBe('yellow')
    expect(lightOfDue('2026-03-14', '2026-03-10')).toBe('green')
    expect(lightOfDue(null, '2026-03-10')).toBeNull()
  })

  it('counts days across a month end', () => {
    expect(lightOfDue('2026-03-02', '2026-02-27')).toBe('yellow')
    expect(lightOfDue('2026-03-03', '2026-02-27')).toBe('green')
  })

  it('reads routing’s urgency', () => {
    expect(lightOfUrgency('overdue')).toBe('red')
    expect(lightOfUrgency('due_soon')).toBe('yellow')
    expect(lightOfUrgency('on_time')).toBe('green')
    expect(lightOfUrgency(null)).toBeNull()
  })

  it('writes the local date', () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
})

describe('command names', () => {
  it('maps a command path to its name in allowed_commands', () => {
    expect(commandName('not-accept')).toBe('not_accept')
    expect(commandName('revisit-outcome')).toBe('record_revisit_outcome')
    expect(commandName('accept')).toBe('accept')
  })
})
