/** All commune-level units in force from 2025-07-01, by 2-digit province code. */
import { COMMUNES_01 } from './01.ts';
import { COMMUNES_04 } from './04.ts';
import { COMMUNES_08 } from './08.ts';
import { COMMUNES_11 } from './11.ts';
import { COMMUNES_12 } from './12.ts';
import { COMMUNES_14 } from './14.ts';
import { COMMUNES_15 } from './15.ts';
import { COMMUNES_19 } from './19.ts';
import { COMMUNES_20 } from './20.ts';
import { COMMUNES_22 } from './22.ts';
import { COMMUNES_24 } from './24.ts';
import { COMMUNES_25 } from './25.ts';
import { COMMUNES_31 } from './31.ts';
import { COMMUNES_33 } from './33.ts';
import { COMMUNES_37 } from './37.ts';
import { COMMUNES_38 } from './38.ts';
import { COMMUNES_40 } from './40.ts';
import { COMMUNES_42 } from './42.ts';
import { COMMUNES_44 } from './44.ts';
import { COMMUNES_46 } from './46.ts';
import { COMMUNES_48 } from './48.ts';
import { COMMUNES_51 } from './51.ts';
import { COMMUNES_52 } from './52.ts';
import { COMMUNES_56 } from './56.ts';
import { COMMUNES_66 } from './66.ts';
import { COMMUNES_68 } from './68.ts';
import { COMMUNES_75 } from './75.ts';
import { COMMUNES_79 } from './79.ts';
import { COMMUNES_80 } from './80.ts';
import { COMMUNES_82 } from './82.ts';
import { COMMUNES_86 } from './86.ts';
import { COMMUNES_91 } from './91.ts';
import { COMMUNES_92 } from './92.ts';
import { COMMUNES_96 } from './96.ts';
import type { CommuneRow } from './types.ts';

export const COMMUNE_ROWS_BY_PROVINCE: Readonly<Record<string, readonly CommuneRow[]>> = {
  '01': COMMUNES_01,
  '04': COMMUNES_04,
  '08': COMMUNES_08,
  '11': COMMUNES_11,
  '12': COMMUNES_12,
  '14': COMMUNES_14,
  '15': COMMUNES_15,
  '19': COMMUNES_19,
  '20': COMMUNES_20,
  '22': COMMUNES_22,
  '24': COMMUNES_24,
  '25': COMMUNES_25,
  '31': COMMUNES_31,
  '33': COMMUNES_33,
  '37': COMMUNES_37,
  '38': COMMUNES_38,
  '40': COMMUNES_40,
  '42': COMMUNES_42,
  '44': COMMUNES_44,
  '46': COMMUNES_46,
  '48': COMMUNES_48,
  '51': COMMUNES_51,
  '52': COMMUNES_52,
  '56': COMMUNES_56,
  '66': COMMUNES_66,
  '68': COMMUNES_68,
  '75': COMMUNES_75,
  '79': COMMUNES_79,
  '80': COMMUNES_80,
  '82': COMMUNES_82,
  '86': COMMUNES_86,
  '91': COMMUNES_91,
  '92': COMMUNES_92,
  '96': COMMUNES_96,
};
