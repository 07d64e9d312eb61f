/**
 * The versioned fee schedule of priced extras (amounts only, no other import), so the portal can show a price from
 * the same source the API charges by. How a dossier's fee is computed from it: fees.ts.
 */
export interface FeeSchedule {
  /** Printed on receipts; change it whenever an amount below or a catalogue fee changes. */
  readonly version: string;
  readonly extras: Readonly<Record<string, { readonly unitVnd: number; readonly text: { vi: string; en: string } }>>;
  readonly note: { readonly vi: string; readonly en: string };
}

export const FEE_SCHEDULE: FeeSchedule = {
  version: '2026.1',
  extras: {
    'death-extract-copy': {
      unitVnd: 8_000,
      text: { vi: 'Bản sao trích lục khai tử', en: 'Certified copy of the death extract' },
    },
  },
  note: {
    vi: 'Mức thu là giá trị cấu hình theo Thông tư 281/2016/TT-BTC; đối chiếu với văn bản đang có hiệu lực.',
    en: 'Amounts are configured values after Thông tư 281/2016/TT-BTC; check them against the circular in force.',
  },
};
