import { describe, expect, test } from 'vitest';
import { applyChanges, countMembers, joinedBetween, noMembers, undone, type MemberState } from '../../src/domain/members.ts';

const member = (registeredAt: string, newsletter = false): MemberState => ({ registeredAt, newsletter });
const ana = member('2026-10-31T23:59:00.000Z', true);
const luis = member('2026-11-02T09:00:00.000Z');
const eva = member('2026-11-02T18:00:00.000Z', true);

describe('members counted from registration changes', () => {
  test('registrations are counted by the day they were made, with those who asked for the newsletter', () => {
    expect(countMembers([ana, luis, eva])).toEqual({ members: 3, newsletter: 2, joined: [['2026-10-31', 1], ['2026-11-02', 2]] });
    expect(countMembers([])).toEqual(noMembers());
  });

  test('a change moves one member from its state before to its state after: registering again is no new member', () => {
    const counts = countMembers([ana, luis]);
    // Luis ticks the newsletter box when registering again: same member, same day, one more reader.
    const changed = applyChanges(counts, [{ before: luis, after: { ...luis, newsletter: true } }]);
    expect(changed).toEqual({ members: 2, newsletter: 2, joined: [['2026-10-31', 1], ['2026-11-02', 1]] });
    expect(counts).toEqual(countMembers([ana, luis]));
  });

  test('an erased registration leaves the counts, and a day with nobody left leaves the list', () => {
    expect(applyChanges(countMembers([ana, luis]), [{ before: ana, after: null }])).toEqual({ members: 1, newsletter: 0, joined: [['2026-11-02', 1]] });
  });

  test('changes undone give the counts before them', () => {
    const changes = [{ before: null, after: eva }, { before: luis, after: { ...luis, newsletter: true } }];
    const after = applyChanges(countMembers([ana, luis]), changes);
    expect(applyChanges(after, undone(changes))).toEqual(countMembers([ana, luis]));
  });

  test('new members in a period count whole UTC days, the end left out', () => {
    const counts = countMembers([ana, luis, eva, member('2026-12-01T00:00:00.000Z')]);
    expect(joinedBetween(counts, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(2);
    expect(joinedBetween(counts, '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')).toBe(1);
  });
});
