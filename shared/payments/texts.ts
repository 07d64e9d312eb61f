/** What the citizen reads about their payment (Vietnamese for the SMS/app; English alongside in the timeline). */
import type { Dossier, Receipt, Text } from '../dossiers/dossier.ts';

const vnd = (amount: number) => `${amount.toLocaleString('vi-VN')} đ`;

export const paidText = (dossier: Pick<Dossier, 'id'>, receipt: Receipt): Text => ({
  vi: `Đã nhận thanh toán ${vnd(receipt.amountVnd)} cho hồ sơ ${dossier.id}; biên lai điện tử số ${receipt.number}. Hồ sơ được chuyển xử lý.`,
  en: `Payment of ${vnd(receipt.amountVnd)} received for dossier ${dossier.id}; e-receipt ${receipt.number}. The dossier goes ahead.`,
});

export const expiredText = (dossier: Pick<Dossier, 'id'>): Text => ({
  vi: `Hồ sơ ${dossier.id} đã hết hạn do chưa được thanh toán đúng hạn; bạn có thể nộp hồ sơ mới.`,
  en: `Dossier ${dossier.id} expired because it was not paid in time; you may apply again.`,
});

export const refundedText = (dossier: Pick<Dossier, 'id'>, amountVnd: number, reason: string): Text => ({
  vi: `Đã hoàn ${vnd(amountVnd)} cho hồ sơ ${dossier.id} (${reason}).`,
  en: `${vnd(amountVnd)} refunded for dossier ${dossier.id} (${reason}).`,
});
