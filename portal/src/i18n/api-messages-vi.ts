/**
 * Vietnamese for the API's English sentences (api-messages.ts says how they are used). Keys are the English exactly
 * as the code writes it (test/unit/portal/i18n/api-messages.test.ts checks that each still occurs in the source, so a
 * reworded message does not leave a dead entry). Patterns are for sentences with values; each capture group is
 * handed to `vi` in order.
 */
export const VI_EXACT: Readonly<Record<string, string>> = {
  'The request body is not valid.': 'Nội dung yêu cầu không hợp lệ.',
  'The request body is not valid JSON.': 'Nội dung yêu cầu không phải JSON hợp lệ.',
  'The query string is not valid.': 'Tham số truy vấn không hợp lệ.',
  'The service could not complete the request. It has been logged; please retry later.':
    'Hệ thống chưa xử lý được yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.',
  'at least 10 characters': 'ít nhất 10 ký tự',
  'State why the group is resumed (at least 10 characters).':
    'Vui lòng nêu lý do tiếp tục giải quyết (ít nhất 10 ký tự).',
  'State the reason for the revocation (at least 10 characters).': 'Vui lòng nêu lý do thu hồi (ít nhất 10 ký tự).',
  'This person is not a living member of the household.': 'Người này không phải thành viên đang sống của hộ.',
  'Name a living citizen other than yourself.': 'Vui lòng nêu một công dân đang sống, không phải chính bạn.',
  'You are married according to the NPDB.': 'Theo Cơ sở dữ liệu quốc gia về dân cư, bạn đang có vợ/chồng.',
  'The law recognises a marriage between a man and a woman only.':
    'Pháp luật chỉ công nhận hôn nhân giữa một nam và một nữ.',
};

/** A sentence with values: `pattern` (anchored) captures them, `vi` writes the Vietnamese, `example` proves it. */
export interface PatternEntry {
  readonly pattern: RegExp;
  readonly vi: (...groups: string[]) => string;
  /** A sentence as the code writes it, which the pattern must match (checked by the unit test). */
  readonly example: string;
}

export const VI_PATTERNS: readonly PatternEntry[] = [
  {
    pattern:
      /^Household (\S+) no longer has the (\d+) living members the change names \(someone joined, left or died since\); nothing was written\.$/,
    vi: (id, n) =>
      `Hộ ${id} không còn đúng ${n} thành viên đang sống như trong hồ sơ (có người mới nhập, đã chuyển đi hoặc đã mất); chưa có gì được ghi.`,
    example:
      'Household H1 no longer has the 3 living members the change names (someone joined, left or died since); nothing was written.',
  },
];
