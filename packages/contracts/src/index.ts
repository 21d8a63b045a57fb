/** The API contract the web app builds against: generated from the server's routes by `npm run sync`. */
export type { paths, components } from './generated.ts';
