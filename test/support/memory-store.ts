/**
 * A small in-memory SubmissionStore (src/store/contract.ts) for unit tests of
 * code written against the contract. Not a driver: nothing is durable.
 */
import {
  AttemptLimitError,
  type Activity,
  type AttemptRules,
  type Draft,
  type NewSubmission,
  type StoredSubmission,
  type StudentState,
  type StudentStatePatch,
  type SubmissionFilter,
  type SubmissionStore,
} from '../../src/store/contract.js';

export function memoryStore(clock: () => Date = () => new Date()): SubmissionStore {
  const subs: StoredSubmission[] = [];
  const drafts = new Map<string, Draft>();
  const states = new Map<string, StudentState>();
  const released = new Set<string>();
  const state = (student: string): StudentState => states.get(student) ?? { student, tokenGeneration: 0, revoked: false, extraSeconds: 0 };
  const at = () => clock().toISOString();
  return {
    driver: 'memory',
    async submit(sub: NewSubmission, rules: AttemptRules) {
      const mine = subs.filter((s) => s.subject === sub.subject).length;
      if (rules.limit !== null && mine >= rules.limit) throw new AttemptLimitError(rules.limit);
      const { resultJson: _json, source, ...rest } = sub;
      const stored: StoredSubmission = { ...rest, id: subs.length + 1, attempt: mine + 1, source: source ?? 'online', at: at() };
      subs.push(stored);
      return stored;
    },
    async attemptsOf(subject) {
      return subs.filter((s) => s.subject === subject);
    },
    async *submissions(filter: SubmissionFilter = {}) {
      for (const s of subs) if ((!filter.subject || s.subject === filter.subject) && (!filter.versionId || s.versionId === filter.versionId)) yield s;
    },
    async count() {
      return subs.length;
    },
    async saveDraft(d) {
      const draft = { ...d, answers: { ...d.answers }, at: at() };
      drafts.set(d.subject, draft);
      return draft;
    },
    async draftOf(subject) {
      return drafts.get(subject);
    },
    async recordOpen(student) {
      const s = state(student);
      if (!s.firstOpenedAt) states.set(student, { ...s, firstOpenedAt: at() });
      return state(student);
    },
    async studentState(student) {
      return state(student);
    },
    async updateStudent(student, patch: StudentStatePatch) {
      states.set(student, { ...state(student), ...patch });
      return state(student);
    },
    // As the contract says (and the SQLite driver does): one row per subject that submitted, saved or
    // opened, in subject order; opens are kept per roster student, under the subject `student:<id>`.
    async activity(): Promise<Activity[]> {
      const openedBy = new Map([...states.values()].filter((st) => st.firstOpenedAt).map((st) => [`student:${st.student}`, st]));
      const subjects = [...new Set([...subs.map((x) => x.subject), ...drafts.keys(), ...openedBy.keys()])].sort();
      return subjects.map((subject) => {
        const mine = subs.filter((x) => x.subject === subject);
        const last = mine.at(-1);
        const draft = drafts.get(subject);
        const open = openedBy.get(subject);
        return {
          subject,
          student: last?.student ?? open?.student ?? '',
          versionId: last?.versionId ?? draft?.versionId ?? '',
          attempts: mine.length,
          ...(open?.firstOpenedAt ? { firstOpenedAt: open.firstOpenedAt } : {}),
          ...(draft ? { lastSavedAt: draft.at } : {}),
          ...(last ? { lastSubmittedAt: last.at } : {}),
        };
      });
    },
    async releasedVersions() {
      return new Set(released);
    },
    async setReleased(ids, on) {
      for (const id of ids) on ? released.add(id) : released.delete(id);
    },
    async health() {
      return { writable: true };
    },
    async close() {},
  };
}
