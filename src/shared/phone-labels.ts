/**
 * Phone labels stored as language-neutral keywords ("mobile", "work", …), worded in the UI language
 * only when shown. Import (vCard, CSV) already stores these keywords and the vCard writer maps them
 * to TYPE= values; the contact form stores them too, so a contact made in one UI language reads
 * right in the other. A label that is not a known keyword (typed by the user, or from a file) is
 * kept and shown as typed.
 *
 * Wording: `contacts.label.*` in src/shared/i18n/locales/<locale>/ui.json. The renderer loads only
 * the current locale's catalogue, so the words of every locale needed to READ a stored label back
 * (older contacts saved "手机" or "mobile" as text) are kept here; test/store/phone-labels.test.ts
 * checks they equal the catalogues.
 */

/** One known label: its stored keyword, its message id, and its word in each locale. */
export interface PhoneLabelWord {
  readonly keyword: string;
  readonly messageId: string;
  readonly en: string;
  readonly 'zh-CN': string;
}

/** Every known label keyword, in the order a list would offer them. */
export const PHONE_LABELS: readonly PhoneLabelWord[] = [
  { keyword: 'mobile', messageId: 'contacts.label.mobile', en: 'mobile', 'zh-CN': '手机' },
  { keyword: 'work', messageId: 'contacts.label.work', en: 'work', 'zh-CN': '工作' },
  { keyword: 'home', messageId: 'contacts.label.home', en: 'home', 'zh-CN': '住宅' },
  { keyword: 'main', messageId: 'contacts.label.main', en: 'main', 'zh-CN': '总机' },
  { keyword: 'other', messageId: 'contacts.label.other', en: 'other', 'zh-CN': '其他' },
  { keyword: 'pager', messageId: 'contacts.label.pager', en: 'pager', 'zh-CN': '寻呼机' },
  { keyword: 'fax', messageId: 'contacts.label.fax', en: 'fax', 'zh-CN': '传真' },
  { keyword: 'home fax', messageId: 'contacts.label.homeFax', en: 'home fax', 'zh-CN': '住宅传真' },
  { keyword: 'work fax', messageId: 'contacts.label.workFax', en: 'work fax', 'zh-CN': '工作传真' },
  { keyword: 'car', messageId: 'contacts.label.car', en: 'car', 'zh-CN': '车载' },
];

/** vCard's own TYPE words that mean one of our keywords (RFC 6350 §6.4.1: "cell" is a mobile). */
const VCARD_ALIASES: Readonly<Record<string, string>> = { cell: 'mobile' };

/**
 * The known label a stored label text means, or null for a custom label. Matches, after trimming
 * and ignoring letter case: the keyword itself ("Mobile"), vCard's "cell", or the label's word in
 * any locale ("手机"). Never throws.
 */
export function readPhoneLabel(stored: string): PhoneLabelWord | null {
  const text = stored.trim().toLowerCase();
  if (text === '') return null;
  const keyword = VCARD_ALIASES[text] ?? text;
  return (
    PHONE_LABELS.find(
      (label) => label.keyword === keyword || label.en.toLowerCase() === text || label['zh-CN'] === text,
    ) ?? null
  );
}

/** The text to store for a label as entered: its keyword when it is a known label, else the text as typed. */
export function storedPhoneLabel(entered: string): string {
  return readPhoneLabel(entered)?.keyword ?? entered;
}

/**
 * A stored label as shown: the current locale's word for a known label (`word` formats a message id,
 * e.g. react-intl's formatMessage), else the stored text unchanged.
 */
export function shownPhoneLabel(stored: string, word: (messageId: string) => string): string {
  const known = readPhoneLabel(stored);
  return known ? word(known.messageId) : stored;
}
