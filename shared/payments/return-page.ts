/** The small bilingual page the citizen sees back from the gateway. Every value shown is escaped. */
import type { ReturnView } from './payments.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const HEADLINES: Record<ReturnView['outcome'], { vi: string; en: string }> = {
  paid: { vi: 'Thanh toán thành công', en: 'Payment received' },
  confirming: { vi: 'Đang xác nhận thanh toán', en: 'Confirming the payment' },
  cancelled: { vi: 'Bạn đã hủy thanh toán', en: 'You cancelled the payment' },
  failed: { vi: 'Thanh toán không thành công', en: 'The payment did not go through' },
  invalid: { vi: 'Kết quả thanh toán không hợp lệ', en: 'This payment result is not valid' },
};

export const returnPage = (view: ReturnView): string => {
  const headline = HEADLINES[view.outcome];
  const details = [
    view.dossierId ? `<p>Hồ sơ / Dossier: <strong>${escapeHtml(view.dossierId)}</strong></p>` : '',
    view.amountVnd !== undefined
      ? `<p>Số tiền / Amount: ${escapeHtml(view.amountVnd.toLocaleString('vi-VN'))} đ</p>`
      : '',
    view.receiptNumber ? `<p>Biên lai / e-receipt: <strong>${escapeHtml(view.receiptNumber)}</strong></p>` : '',
  ].join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(headline.vi)}</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto" data-outcome="${view.outcome}">
<h1>${escapeHtml(headline.vi)}</h1><p lang="en">${escapeHtml(headline.en)}</p>${details}
${view.dossierId ? `<p><a href="/portal/dossiers/${encodeURIComponent(view.dossierId)}">Xem hồ sơ / View the dossier</a></p>` : ''}
</body></html>`;
};
