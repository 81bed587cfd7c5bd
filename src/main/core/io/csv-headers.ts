/**
 * Outlook's CSV column names in the languages it ships in, as the contact fields they hold.
 * Outlook writes its headers in the language of its installation, so a German export starts
 * `Vorname,Nachname,…,Mobiltelefon` and is otherwise the same file as an English one.
 *
 * Sources (header names as published, not guessed):
 * - de, fr, es, it, pt (Brazil), zh (Simplified): Roundcube Webmail's CSV importer maps of
 *   Outlook export headers, `program/localization/{de_DE,fr_FR,es_ES,it_IT,pt_BR,zh_CN}/csv2vcard.inc`
 *   (github.com/roundcube/roundcubemail; zh_CN marked "MS Outlook 2010").
 * - nl: a published converter for Dutch Outlook CSV exports ("Works only with the dutch version"),
 *   Out-vCard by dmitrysotnikov / Nout Geens, which reads Voornaam, Achternaam, Bedrijf,
 *   'Telefoon op werk', 'Telefoon thuis', 'Mobiele telefoon', 'Fax op werk'.
 * - ja: Japanese Outlook's contact field names (姓, 名, 会社名, 携帯電話, 会社電話, 自宅電話, メモ) as
 *   the Japanese UI labels them; NOT yet checked against a published export (see the issue 9 note).
 * Names are matched case-insensitively after collapsing spaces; English names live in csv-reader.ts.
 */

/** What a localized column holds: a name part, the company, notes, or a phone with its label. */
export type HeaderRole =
  | { kind: 'first' | 'middle' | 'last' | 'prefix' | 'suffix' | 'fullName' | 'nickname' | 'company' | 'notes' }
  | { kind: 'phone'; label: string };

const first = { kind: 'first' } as const;
const middle = { kind: 'middle' } as const;
const last = { kind: 'last' } as const;
const prefix = { kind: 'prefix' } as const;
const suffix = { kind: 'suffix' } as const;
const fullName = { kind: 'fullName' } as const;
const nickname = { kind: 'nickname' } as const;
const company = { kind: 'company' } as const;
const notes = { kind: 'notes' } as const;
const phone = (label: string): HeaderRole => ({ kind: 'phone', label });

const LOCALIZED: Readonly<Record<string, Readonly<Record<string, HeaderRole>>>> = {
  de: {
    Vorname: first,
    'Weitere Vornamen': middle,
    Nachname: last,
    Anrede: prefix,
    Suffix: suffix,
    Anzeigename: fullName,
    Spitzname: nickname,
    Firma: company,
    Organisation: company,
    Notizen: notes,
    Mobiltelefon: phone('mobile'),
    'Mobil-Tel.-Nr.': phone('mobile'),
    'Telefon geschäftlich': phone('work'),
    'Telefon geschäftlich 2': phone('work'),
    'Tel. dienstlich': phone('work'),
    'Telefon privat': phone('home'),
    'Telefon privat 2': phone('home'),
    Haupttelefon: phone('main'),
    'Weiteres Telefon': phone('other'),
    Autotelefon: phone('car'),
    'Telefon Assistent': phone('assistant'),
    'Fax geschäftlich': phone('work fax'),
    'Fax privat': phone('home fax'),
    'Weiteres Fax': phone('fax'),
    Pager: phone('pager'),
  },
  fr: {
    Prénom: first,
    'Deuxième prénom': middle,
    Nom: last,
    Titre: prefix,
    Suffixe: suffix,
    'Nom à afficher': fullName,
    Surnom: nickname,
    Société: company,
    Notes: notes,
    'Tél. mobile': phone('mobile'),
    Portable: phone('mobile'),
    'Téléphone (bureau)': phone('work'),
    'Téléphone 2 (bureau)': phone('work'),
    'Tél. professionnel': phone('work'),
    'Téléphone (domicile)': phone('home'),
    'Téléphone 2 (domicile)': phone('home'),
    'Téléphone principal': phone('main'),
    'Téléphone (autre)': phone('other'),
    'Téléphone (voiture)': phone('car'),
    "Téléphone de l'assistant(e)": phone('assistant'),
    'Télécopie (bureau)': phone('work fax'),
    'Télécopie (domicile)': phone('home fax'),
    'Télécopie (autre)': phone('fax'),
    'Récepteur de radiomessagerie': phone('pager'),
  },
  es: {
    Nombre: first,
    'Segundo nombre': middle,
    Apellidos: last,
    'Nombre en pantalla': fullName,
    Apodo: nickname,
    Organización: company,
    'Teléfono móvil': phone('mobile'),
    'Teléfono del trabajo': phone('work'),
    'Teléfono (Trabajo)': phone('work'),
    Particular: phone('home'),
    'Teléfono principal': phone('main'),
    'Otro teléfono': phone('other'),
    'Otro fax': phone('fax'),
    Buscapersonas: phone('pager'),
  },
  it: {
    Nome: first,
    'Secondo Nome': middle,
    Cognome: last,
    Titolo: prefix,
    Suffisso: suffix,
    'Nome visualizzato': fullName,
    Soprannome: nickname,
    Società: company,
    Organizzazione: company,
    Note: notes,
    'Telefono Mobile': phone('mobile'),
    'Numero cellulare': phone('mobile'),
    'Telefono di Lavoro': phone('work'),
    'Telefono di Lavoro 2': phone('work'),
    'Telefono lavoro': phone('work'),
    'Telefono di casa': phone('home'),
    'Telefono di casa 2': phone('home'),
    'Telefono Principale': phone('main'),
    'Phone Altro': phone('other'),
    "Telefono dell'Auto": phone('car'),
    "Telefono dell'assistente": phone('assistant'),
    'Fax di Lavoro': phone('work fax'),
    'Fax di casa': phone('home fax'),
    'Fax Altro': phone('fax'),
    'Numero cercapersone': phone('pager'),
  },
  nl: {
    Voornaam: first,
    Achternaam: last,
    Bedrijf: company,
    'Mobiele telefoon': phone('mobile'),
    'Telefoon op werk': phone('work'),
    'Telefoon thuis': phone('home'),
    'Fax op werk': phone('work fax'),
  },
  pt: {
    'Primeiro nome': first,
    'Nome do meio': middle,
    'Último nome': last,
    Título: prefix,
    Sufixo: suffix,
    'Mostrar nome': fullName,
    Apelido: nickname,
    Empresa: company,
    Organização: company,
    Notas: notes,
    Celular: phone('mobile'),
    'Celular pessoal': phone('mobile'),
    'Fone comercial': phone('work'),
    'Fone comercial 2': phone('work'),
    'Fone de trabalho': phone('work'),
    'Fone de casa': phone('home'),
    'Fone de casa 2': phone('home'),
    'Fone Primario': phone('main'),
    'Outro Fone': phone('other'),
    'Fone do carro': phone('car'),
    'Fone do Assistente': phone('assistant'),
    'Fax comercial': phone('work fax'),
    'Fax de casa': phone('home fax'),
    'Outro Fax': phone('fax'),
  },
  ja: {
    名: first,
    ミドルネーム: middle,
    姓: last,
    敬称: prefix,
    表示名: fullName,
    ニックネーム: nickname,
    会社名: company,
    メモ: notes,
    携帯電話: phone('mobile'),
    会社電話: phone('work'),
    会社電話2: phone('work'),
    自宅電話: phone('home'),
    自宅電話2: phone('home'),
    代表電話: phone('main'),
    その他の電話: phone('other'),
    会社ファックス: phone('work fax'),
    自宅ファックス: phone('home fax'),
    ポケットベル: phone('pager'),
  },
  zh: {
    名字: first,
    中间名: middle,
    姓氏: last,
    头衔: prefix,
    后缀: suffix,
    显示名称: fullName,
    昵称: nickname,
    公司: company,
    组织: company,
    备注: notes,
    手机: phone('mobile'),
    手机号码: phone('mobile'),
    公司电话: phone('work'),
    公司电话2: phone('work'),
    工作电话: phone('work'),
    家庭电话: phone('home'),
    家庭电话2: phone('home'),
    主要电话: phone('main'),
    其他电话: phone('other'),
    车载电话: phone('car'),
    助理电话: phone('assistant'),
    公司传真: phone('work fax'),
    家庭传真: phone('home fax'),
    其他传真: phone('fax'),
    传呼机: phone('pager'),
  },
};

/** The key a header is looked up by: lower case, spaces collapsed, trimmed. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Localized headers by key. Where two languages use one word for different fields (Italian and
 * Portuguese "Nome"/"Apelido"), the first language listed above wins; a file is recognised as a
 * whole in `localizedRoles`, which prefers the language matching most of its headers.
 */
const BY_LANGUAGE: ReadonlyArray<readonly [string, ReadonlyMap<string, HeaderRole>]> = Object.entries(LOCALIZED).map(
  ([language, names]) => [language, new Map(Object.entries(names).map(([name, role]) => [headerKey(name), role]))],
);

/** The roles of a header row in the Outlook language that recognises most of its columns, or null. */
export function localizedRoles(header: readonly string[]): { language: string; roles: (HeaderRole | null)[] } | null {
  const keys = header.map(headerKey);
  let best: { language: string; roles: (HeaderRole | null)[]; hits: number } | null = null;
  for (const [language, names] of BY_LANGUAGE) {
    const roles = keys.map((key) => names.get(key) ?? null);
    const hits = roles.filter((role) => role !== null).length;
    if (hits > 0 && (best === null || hits > best.hits)) best = { language, roles, hits };
  }
  return best && { language: best.language, roles: best.roles };
}
