import styles from './dialer.module.css';

/**
 * Every country's flag (country-flag-icons, 3:2 SVG) as a URL of its own file: the map holds only
 * the URLs, so the first screen carries no flag data and a flag is fetched when first shown.
 * `no-inline`: Vite would otherwise inline each (small) SVG into this map as a data URL.
 */
const FLAG_URLS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../../../../node_modules/country-flag-icons/3x2/*.svg', {
      query: '?url&no-inline',
      import: 'default',
      eager: true,
    }),
  ).map(([file, url]) => [/([A-Z]{2})\.svg$/.exec(file)?.[1] ?? file, url]),
);

/**
 * A country's flag as an image (never an emoji: Windows shows regional-indicator emoji as two
 * letters). Decorative: the country's name is always written beside it, so `alt` is empty.
 * Renders nothing for a region without a flag.
 */
export function Flag({ country }: { country: string | undefined }) {
  const url = country ? FLAG_URLS[country] : undefined;
  if (!url) return <span className={styles.flagSpace} aria-hidden="true" />;
  return <img className={styles.flag} src={url} alt="" width={21} height={14} loading="lazy" decoding="async" />;
}
