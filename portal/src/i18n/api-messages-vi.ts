/**
 * Vietnamese for the API's English sentences (api-messages.ts says how they are used). Keys are the English exactly
 * as the code writes it (test/unit/portal/i18n/api-messages.test.ts checks that each still occurs in the source, so a
 * reworded message does not leave a dead entry). Patterns are for sentences with values; each capture group is
 * handed to `vi` in order.
 *
 * The words follow the portal's own (./vi.ts) and the national public-services portal's: "số định danh cá nhân",
 * "Cơ sở dữ liệu quốc gia về dân cư", "hồ sơ", "hộ gia đình", "chủ hộ", "công an xã/phường"; values (IDs, codes,
 * dates, numbers) are kept as the API wrote them.
 */
import { MONTH_NAMES } from '../../../shared/domain/dates.ts';
import { STEPS } from '../../../shared/dossiers/catalogue.ts';
import { declaredGrounds } from '../../../shared/services/catalogue/exemptions.ts';
import { vi as portal } from './vi.ts';

const NPDB = 'Cơ sở dữ liệu quốc gia về dân cư';

export const VI_EXACT: Readonly<Record<string, string>> = {
  // Every route (shared/lambda/http.ts, idempotency-key.ts).
  'The request body is not valid.': 'Nội dung yêu cầu không hợp lệ.',
  'The request body is not valid JSON.': 'Nội dung yêu cầu không phải JSON hợp lệ.',
  'The query string is not valid.': 'Tham số truy vấn không hợp lệ.',
  'Send the request body as JSON (Content-Type: application/json).':
    'Vui lòng gửi nội dung yêu cầu dưới dạng JSON (Content-Type: application/json).',
  'The service could not complete the request. It has been logged; please retry later.':
    'Hệ thống chưa xử lý được yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.',
  'Send an Idempotency-Key header (8-128 letters, digits, "_.:-"; a UUID is ideal) so a retried submission never creates a second dossier.':
    'Vui lòng gửi tiêu đề Idempotency-Key (8-128 ký tự gồm chữ cái, chữ số, "_.:-"; tốt nhất là một UUID) để khi gửi lại không phát sinh hồ sơ thứ hai.',
  'required, 8-128 characters of [A-Za-z0-9_.:-]': 'bắt buộc, 8-128 ký tự thuộc [A-Za-z0-9_.:-]',
  'This Idempotency-Key was already used for a different dossier; use a new key for a new application.':
    'Idempotency-Key này đã được dùng cho một hồ sơ khác; vui lòng dùng khóa mới cho hồ sơ mới.',

  // Who may call (shared/auth/principal.ts, shared/dossiers/officer-access.ts, officer-overview.ts, statistics).
  'This service is for citizens signed in with their e-ID account.':
    'Dịch vụ này dành cho công dân đăng nhập bằng tài khoản định danh điện tử.',
  'This service is for agency systems (hospitals, banks, ministries) with a client credential.':
    'Dịch vụ này dành cho hệ thống của cơ quan, tổ chức (bệnh viện, ngân hàng, bộ, ngành) có thông tin xác thực ứng dụng.',
  'This is for officers signed in with an e-ID account that holds an officer role.':
    'Chức năng này dành cho cán bộ đăng nhập bằng tài khoản định danh điện tử có vai trò cán bộ.',
  'Officers act with a level-2 e-ID account.': 'Cán bộ phải dùng tài khoản định danh điện tử mức 2.',
  'You are a party to this dossier (applicant, parent, child, deceased or recipient); another officer must decide it.':
    'Bạn là người có liên quan đến hồ sơ này (người nộp, cha, mẹ, con, người đã mất hoặc người nhận trợ cấp); hồ sơ phải do cán bộ khác giải quyết.',
  'The overview is for supervisors; your roles are officer roles.':
    'Trang tổng quan dành cho cán bộ giám sát; vai trò của bạn là cán bộ xử lý.',
  'Supervisors act with a level-2 e-ID account.': 'Cán bộ giám sát phải dùng tài khoản định danh điện tử mức 2.',

  // Shared form fields (shared/dossiers/forms.ts, shared/services/forms/).
  'Use a date in the form YYYY-MM-DD.': 'Vui lòng nhập ngày theo định dạng YYYY-MM-DD (năm-tháng-ngày).',
  'Enter the 12-digit personal identification number.': 'Vui lòng nhập số định danh cá nhân gồm 12 chữ số.',
  'A commune code has 5 digits.': 'Mã xã/phường gồm 5 chữ số.',
  'A health facility code has 5 digits.': 'Mã cơ sở y tế gồm 5 chữ số.',
  'No commune has this code.': 'Không có xã/phường nào mang mã này.',
  'Each person is named once.': 'Mỗi người chỉ được nêu một lần.',
  'Each member is named once.': 'Mỗi thành viên chỉ được nêu một lần.',
  'must not be after today': 'không được sau ngày hôm nay',
  'must not be your own PIN': 'không được là số định danh cá nhân của chính bạn',
  'at least 10 characters': 'ít nhất 10 ký tự',

  // The birth and death groups (shared/dossiers/forms.ts, submit-dossier.ts).
  'Each procedure may be requested once.': 'Mỗi thủ tục chỉ được đề nghị một lần.',
  'The survivor benefit is requested together with the funeral allowance (4 procedures).':
    'Trợ cấp tuất được đề nghị cùng với trợ cấp mai táng (4 thủ tục).',
  'Name the recipient and the basis of the funeral allowance.':
    'Vui lòng nêu người nhận và căn cứ hưởng trợ cấp mai táng.',
  'The birth date is in the future.': 'Ngày sinh không được là một ngày trong tương lai.',
  'This interconnected group is for children under 6; register an older child at the commune.':
    'Nhóm thủ tục liên thông này dành cho trẻ em dưới 6 tuổi; trẻ lớn hơn đăng ký tại Ủy ban nhân dân cấp xã.',
  "Only the child's mother or father can submit this group online.":
    'Chỉ cha hoặc mẹ của trẻ được nộp trực tuyến nhóm thủ tục này.',
  'The other parent must be your spouse or a member of your household in the NPDB; otherwise apply at the commune, where both parents are identified in person.': `Theo ${NPDB}, người cha hoặc mẹ còn lại phải là vợ/chồng của bạn hoặc thành viên hộ gia đình của bạn; nếu không, vui lòng nộp hồ sơ tại Ủy ban nhân dân cấp xã để cha và mẹ được xác minh trực tiếp.`,
  "The child is registered in a parent's household or in your own household.":
    'Trẻ được đăng ký thường trú vào hộ của cha hoặc mẹ, hoặc vào hộ của chính bạn.',
  'A citizen cannot register their own death.': 'Công dân không thể tự đăng ký khai tử cho chính mình.',
  'The date of death is in the future.': 'Ngày mất không được là một ngày trong tương lai.',
  'You can register online the death of a member of your household, your spouse, a parent or a child. Others register at the commune.':
    'Bạn chỉ đăng ký khai tử trực tuyến được cho thành viên hộ gia đình, vợ/chồng, cha, mẹ hoặc con của mình. Trường hợp khác, vui lòng đăng ký tại Ủy ban nhân dân cấp xã.',
  'This citizen is already recorded as deceased.': 'Công dân này đã được ghi nhận là đã mất.',
  'The date of death is before the date of birth.': 'Ngày mất không được trước ngày sinh.',
  'The recipient of the funeral allowance is not a living citizen in the NPDB.': `Người nhận trợ cấp mai táng không phải là công dân đang sống trong ${NPDB}.`,

  // Steps an officer approves (shared/dossiers/steps/).
  'The death in this dossier is not (or no longer) registered; no benefit can be granted.':
    'Việc khai tử trong hồ sơ này chưa được đăng ký (hoặc đã bị thu hồi); không thể giải quyết chế độ nào.',
  'The death must be registered first.': 'Phải đăng ký khai tử trước.',
  'The dossier names no recipient of the funeral allowance.': 'Hồ sơ không nêu người nhận trợ cấp mai táng.',
  'No funeral allowance applies to this basis.': 'Căn cứ này không được hưởng trợ cấp mai táng.',

  // Officer decisions, revocation, resumption (run-step.ts, officer-tasks.ts, revoke-death-registration.ts,
  // resume-group.ts).
  'Give the citizen the reason for the refusal (at least 10 characters).':
    'Vui lòng nêu lý do từ chối để công dân được biết (ít nhất 10 ký tự).',
  'required when rejecting, at least 10 characters': 'bắt buộc khi từ chối, ít nhất 10 ký tự',
  'This step was cancelled; the dossier has ended.': 'Bước này đã bị hủy; hồ sơ đã kết thúc.',
  'An earlier approval of this step already wrote its effect to the registries and did not finish recording it, so the step can no longer be rejected; approve it to complete that approval.':
    'Một lần duyệt trước đã ghi kết quả của bước này vào cơ sở dữ liệu nhưng chưa ghi nhận xong, nên không thể từ chối bước này nữa; vui lòng duyệt để hoàn tất lần duyệt đó.',
  'State why the group is resumed (at least 10 characters).':
    'Vui lòng nêu lý do tiếp tục giải quyết (ít nhất 10 ký tự).',
  'State the reason for the revocation (at least 10 characters).': 'Vui lòng nêu lý do thu hồi (ít nhất 10 ký tự).',
  'The death in this dossier was never registered; there is nothing to revoke.':
    'Việc khai tử trong hồ sơ này chưa từng được đăng ký; không có gì để thu hồi.',
  'The citizen is no longer in the NPDB.': `Công dân không còn trong ${NPDB}.`,
  'The dossier changed while it was being revoked; send the revocation again.':
    'Hồ sơ đã thay đổi trong khi đang thu hồi; vui lòng gửi lại yêu cầu thu hồi.',

  // Single-agency services: intake (shared/dossiers/submit-service-dossier.ts, shared/services/fee-exemptions.ts).
  'Your record in the National Population Database does not allow filing online.': `Thông tin của bạn trong ${NPDB} không cho phép nộp hồ sơ trực tuyến.`,
  'A dossier of yours for this service is already in progress; wait for its outcome before filing again.':
    'Bạn đã có một hồ sơ của dịch vụ này đang được giải quyết; vui lòng chờ kết quả trước khi nộp lại.',
  'A fee exemption is `{ground, evidenceReference}`.':
    'Thông tin miễn lệ phí phải có dạng `{ground, evidenceReference}`.',
  'This service offers no fee exemption to declare.': 'Dịch vụ này không có diện miễn lệ phí nào để kê khai.',
  'The service code is a number from 1 to 25.': 'Mã dịch vụ là một số từ 1 đến 25.',
  'a number from 1 to 25': 'một số từ 1 đến 25',

  // Residence services and their rules (shared/services/procedures/).
  'You can file only for yourself, your spouse, your parents or your children; others file for themselves.':
    'Bạn chỉ được nộp hồ sơ cho bản thân, vợ/chồng, cha, mẹ hoặc con của mình; người khác tự nộp hồ sơ.',
  'The period ends before it starts.': 'Ngày kết thúc không được trước ngày bắt đầu.',
  'The period starts too long ago.': 'Ngày bắt đầu sớm hơn mức cho phép.',
  'The period is already over.': 'Khoảng thời gian này đã kết thúc.',
  'This PIN is not the head of a household in the NPDB.': `Số định danh cá nhân này không phải của chủ hộ nào trong ${NPDB}.`,
  'This person is already registered in that household.': 'Người này đã đăng ký thường trú trong hộ đó.',
  'The household of this PIN does not live in the commune stated.':
    'Hộ do số định danh cá nhân này làm chủ hộ không cư trú tại xã/phường đã kê khai.',
  'no household of this PIN to compare': 'không có hộ nào do số định danh cá nhân này làm chủ hộ để đối chiếu',
  'This person heads a household where others stay; its members choose a new head first.':
    'Người này là chủ hộ của một hộ vẫn còn thành viên khác; các thành viên đó cần chọn chủ hộ mới trước.',
  'The owner of the accommodation is not in the NPDB.': `Chủ sở hữu chỗ ở không có trong ${NPDB}.`,
  'This is the permanent residence of this person; a temporary residence is elsewhere.':
    'Đây là nơi thường trú của người này; nơi tạm trú phải ở địa chỉ khác.',
  'The dossier names nobody.': 'Hồ sơ không nêu người nào.',
  'You have no registered temporary residence.': 'Bạn chưa đăng ký tạm trú.',
  'Name living citizens other than yourself as guests.':
    'Vui lòng nêu người lưu trú là công dân đang sống, không phải chính bạn.',
  'Members of your household live here; they are not guests.':
    'Thành viên hộ gia đình của bạn cư trú tại đây; họ không phải người lưu trú.',
  'The host has no such residence any more.': 'Người thông báo lưu trú không còn nơi cư trú này.',

  // Change of household head (shared/services/procedures/household-head-change.ts).
  'You are not registered in this household; one of its members files the change.':
    'Bạn không đăng ký thường trú trong hộ này; việc thay đổi chủ hộ do một thành viên của hộ đăng ký.',
  'This person is not a living member of the household.': 'Người này không phải thành viên đang sống của hộ.',
  'This person already heads the household; there is nothing to change.':
    'Người này đã là chủ hộ; không có gì cần thay đổi.',
  'The new head is named as the new head, not among the members.':
    'Chủ hộ mới chỉ được nêu ở mục chủ hộ mới, không nêu trong danh sách thành viên.',

  // ID card (shared/services/forms/id-card.ts, procedures/id-card.ts).
  'A renewal is for age, damage or changed information; a re-issue is for a lost card.':
    'Đổi thẻ áp dụng khi đến tuổi đổi thẻ, thẻ bị hư hỏng hoặc thông tin thay đổi; cấp lại áp dụng khi bị mất thẻ.',
  'The police office is closed that day; choose a working day.':
    'Cơ quan công an không làm việc vào ngày đó; vui lòng chọn một ngày làm việc.',
  'The NPDB holds no valid ID card of yours to renew or re-issue; a first card is applied for at a police office.': `${NPDB} không có thẻ căn cước còn giá trị của bạn để đổi hoặc cấp lại; cấp thẻ lần đầu thì làm thủ tục tại cơ quan công an.`,
  'Your card is valid for life; it is not renewed because of age.':
    'Thẻ của bạn có giá trị không thời hạn; không đổi thẻ vì lý do độ tuổi.',
  'The NPDB no longer holds a valid card of this citizen to replace; refuse the request.': `${NPDB} không còn thẻ căn cước còn giá trị của công dân này để thay; vui lòng từ chối yêu cầu.`,

  // Criminal-record certificate (forms/criminal-record.ts, procedures/criminal-record.ts).
  'A type 2 certificate states everything; the ban on holding office is chosen for type 1 only.':
    'Phiếu lý lịch tư pháp số 2 ghi đầy đủ mọi nội dung; nội dung cấm đảm nhiệm chức vụ chỉ chọn cho phiếu số 1.',
  'Write the outcome of the judicial-records check with the approval ("Không có án tích" / "no conviction recorded", or the entries).':
    'Vui lòng ghi kết quả tra cứu lý lịch tư pháp khi duyệt ("Không có án tích", hoặc các nội dung án tích).',

  // Marriage (procedures/marriage.ts).
  'You are married according to the NPDB.': `Theo ${NPDB}, bạn đang có vợ/chồng.`,
  'You are under the marriageable age (a man 20, a woman 18).':
    'Bạn chưa đủ tuổi kết hôn (nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi).',
  'Name a living citizen other than yourself.': 'Vui lòng nêu một công dân đang sống, không phải chính bạn.',
  'The law recognises a marriage between a man and a woman only.':
    'Pháp luật chỉ công nhận hôn nhân giữa một nam và một nữ.',
  'The partner is married according to the NPDB.': `Theo ${NPDB}, người kết hôn cùng bạn đang có vợ/chồng.`,
  'The partner is under the marriageable age (a man 20, a woman 18).':
    'Người kết hôn cùng bạn chưa đủ tuổi kết hôn (nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi).',
  'The two are close relatives (parent and child, or siblings), who may not marry.':
    'Hai người có quan hệ thân thích gần (cha mẹ và con, hoặc anh chị em ruột) nên không được kết hôn.',

  // Birth registration on its own (procedures/birth-registration.ts).
  'A child of 6 or older is registered late, in person at the commune.':
    'Trẻ từ đủ 6 tuổi trở lên được đăng ký khai sinh muộn, trực tiếp tại Ủy ban nhân dân cấp xã.',

  // Household health insurance (procedures/household-health-insurance.ts).
  'You are not a member of a household in the NPDB.': `Bạn không phải thành viên của hộ gia đình nào trong ${NPDB}.`,
  'This PIN is not of a member of your household in the NPDB.': `Số định danh cá nhân này không phải của thành viên hộ gia đình bạn trong ${NPDB}.`,
  'This member of your household is recorded as deceased.':
    'Thành viên này của hộ gia đình bạn đã được ghi nhận là đã mất.',

  // Correction of one's own record (procedures/record-correction.ts).
  'Name each field once.': 'Mỗi trường thông tin chỉ được nêu một lần.',
  'A birth date cannot be in the future.': 'Ngày sinh không được là một ngày trong tương lai.',
  'The citizen is no longer recorded as alive; the record is not corrected.':
    'Công dân không còn được ghi nhận là đang sống; thông tin không được điều chỉnh.',

  // Owner agencies' forms (shared/services/forms/owner-agencies.ts).
  'A plate like 29A-12345.': 'Biển số theo dạng 29A-12345.',
  'A passport number like C1234567.': 'Số hộ chiếu theo dạng C1234567.',
  'A tax code has 10 digits (and a 3-digit branch suffix).':
    'Mã số thuế gồm 10 chữ số (có thể thêm 3 chữ số của đơn vị phụ thuộc).',
  'A driving licence number has 12 digits.': 'Số giấy phép lái xe gồm 12 chữ số.',
  'A tax code has 10 digits.': 'Mã số thuế gồm 10 chữ số.',

  // Documents and confirmations (shared/services/confirm-*.ts, functions/services/).
  'No citizen with this PIN in the National Population Database.': `Không có công dân nào mang số định danh cá nhân này trong ${NPDB}.`,
  'The National Population Database holds no 9-digit identity-card number for this citizen.': `${NPDB} không có số chứng minh nhân dân 9 số của công dân này.`,
  'No confirmation with this number and verification code.': 'Không có giấy xác nhận nào với số và mã xác minh này.',
  'The NPDB holds no current permanent residence for you; ask the commune police.': `${NPDB} không có thông tin nơi thường trú hiện tại của bạn; vui lòng liên hệ công an xã/phường.`,
  'A citizen can ask only for their own confirmation; leave out "pin".':
    'Công dân chỉ được đề nghị xác nhận cho chính mình; vui lòng bỏ trường "pin".',
  'must be your own PIN or absent': 'phải là số định danh cá nhân của bạn hoặc để trống',
  'Name the citizen.': 'Vui lòng nêu số định danh cá nhân của công dân.',
  'required for agencies': 'bắt buộc đối với cơ quan, tổ chức',
  'The verification code has 12 characters (0-9, A-F).': 'Mã xác minh gồm 12 ký tự (0-9, A-F).',

  // My record (shared/citizen/, functions/citizen/get-my-record.ts).
  'The National Population Database holds no record for your PIN.': `${NPDB} không có thông tin ứng với số định danh cá nhân của bạn.`,
  'Use a real calendar date in the form YYYY-MM-DD.': 'Vui lòng nhập một ngày có thật theo định dạng YYYY-MM-DD.',
  'Only the "date" parameter is accepted.': 'Chỉ chấp nhận tham số "date".',

  // Consents (functions/citizen/grant-consent.ts).
  'Name at least one field to share.': 'Vui lòng chọn ít nhất một trường dữ liệu để chia sẻ.',

  // Access log (shared/access-log/cursor.ts, list-my-access-log.ts).
  'The paging cursor is not valid. Start again from the first page (leave out "cursor").':
    'Con trỏ phân trang không hợp lệ. Vui lòng xem lại từ trang đầu (bỏ tham số "cursor").',
  'Pass back the "nextCursor" of the previous page exactly as it was received.':
    'Vui lòng gửi lại đúng nguyên văn giá trị "nextCursor" của trang trước.',
  'A purpose code is lowercase letters, digits and hyphens.':
    'Mã mục đích chỉ gồm chữ thường, chữ số và dấu gạch ngang.',
  'Only "limit", "cursor", "accessor" and "purpose" are accepted.':
    'Chỉ chấp nhận các tham số "limit", "cursor", "accessor" và "purpose".',

  // Sessions (shared/identity/sessions.ts).
  'A session id is s_ or g_ followed by letters, digits, - or _.':
    'Mã phiên bắt đầu bằng s_ hoặc g_, tiếp theo là chữ cái, chữ số, - hoặc _.',
  'There is no such session of your account (it may have ended already).':
    'Tài khoản của bạn không có phiên đăng nhập này (có thể phiên đã kết thúc).',

  // The e-ID account, where a citizen meets it (shared/identity/account.ts, levels.ts, registration.ts,
  // account-security.ts, accounts.ts).
  'A personal identification number has 12 digits.': 'Số định danh cá nhân gồm 12 chữ số.',
  'A Vietnamese mobile number, such as 0912 345 678.': 'Số điện thoại di động Việt Nam, ví dụ 0912 345 678.',
  'Type your full name as on your ID card.': 'Vui lòng nhập họ, chữ đệm và tên như trên thẻ căn cước.',
  'The code has 6 digits.': 'Mã xác thực gồm 6 chữ số.',
  'The code is not right.': 'Mã xác thực không đúng.',
  'Choose a password.': 'Vui lòng đặt mật khẩu.',
  'Choose a new password.': 'Vui lòng đặt mật khẩu mới.',
  'Choose another password.': 'Vui lòng chọn mật khẩu khác.',
  'Type your current password.': 'Vui lòng nhập mật khẩu hiện tại.',
  'The new password is the same as the current one.': 'Mật khẩu mới trùng với mật khẩu hiện tại.',
  'The request is not valid.': 'Yêu cầu không hợp lệ.',
  'This citizen already has an e-ID account.': 'Công dân này đã có tài khoản định danh điện tử.',
  'An e-ID account already exists for this citizen. Sign in or reset the password.':
    'Công dân này đã có tài khoản định danh điện tử. Vui lòng đăng nhập hoặc đặt lại mật khẩu.',
  'Take a selfie in the app to register.': 'Vui lòng chụp ảnh chân dung trong ứng dụng để đăng ký.',
  'The selfie does not match the portrait in the National Population Database. Try again in good light, or register in person at the commune police.': `Ảnh chân dung vừa chụp không khớp với ảnh trong ${NPDB}. Vui lòng chụp lại ở nơi đủ ánh sáng, hoặc đăng ký trực tiếp tại công an xã/phường.`,
  'No citizen with this personal identification number is recorded in the National Population Database.': `Không có công dân nào mang số định danh cá nhân này trong ${NPDB}.`,
  'The citizen is recorded as deceased; no account can be used.':
    'Công dân đã được ghi nhận là đã mất; không thể sử dụng tài khoản.',

  // Payments (shared/payments/).
  'Another payment request for this dossier is under way; retry in a moment.':
    'Một yêu cầu thanh toán khác cho hồ sơ này đang được xử lý; vui lòng thử lại sau giây lát.',
  'Unknown locale.': 'Ngôn ngữ không hợp lệ.',
  'vn or en': 'vn hoặc en',
  'a bank code is 2-20 capital letters or digits': 'mã ngân hàng gồm 2-20 chữ cái in hoa hoặc chữ số',

  // Statistics and the supervisors' overview (shared/statistics/, functions/statistics/, functions/officer/).
  'a month as YYYY-MM, e.g. 2026-03': 'tháng theo định dạng YYYY-MM, ví dụ 2026-03',
  'unknown province: one of the 34 two-digit codes in force since 1 July 2025':
    'tỉnh/thành không hợp lệ: dùng một trong 34 mã hai chữ số có hiệu lực từ ngày 01/7/2025',
  'Only province, group, from, to and format are accepted.':
    'Chỉ chấp nhận các tham số province, group, from, to và format.',
  'must not be before "from"': 'không được trước "from"',
  'Only the "province" parameter is accepted.': 'Chỉ chấp nhận tham số "province".',
  'a two-digit province code': 'mã tỉnh/thành gồm hai chữ số',
};

/** A sentence with values: `pattern` (anchored) captures them, `vi` writes the Vietnamese, `example` proves it. */
export interface PatternEntry {
  readonly pattern: RegExp;
  readonly vi: (...groups: string[]) => string;
  /** A sentence as the code writes it, which the pattern must match (checked by the unit test). */
  readonly example: string;
}

/** A dossier's status as the portal names it ("đang xử lý"), else as the API wrote it. */
const dossierStatus = (status: string): string =>
  (portal.dossiers.statuses as Readonly<Record<string, string>>)[status]?.toLowerCase() ?? status;

/** A step's status as the portal names it ("chờ cán bộ xử lý"), else as the API wrote it. */
const stepStatus = (status: string): string =>
  (({ ...portal.dossiers.stepStatuses, 'never run': 'Chưa thực hiện' }) as Readonly<Record<string, string>>)[
    status
  ]?.toLowerCase() ?? status;

/** A step's Vietnamese title ("Đăng ký khai sinh"), else its ID. */
const stepTitle = (stepId: string): string =>
  (STEPS as Readonly<Record<string, { title: { vi: string } }>>)[stepId]?.title.vi ?? stepId;

const decisionWord = (decision: string): string =>
  decision === 'approve' ? 'duyệt' : decision === 'reject' ? 'từ chối' : decision;

/** Who decided a step: an officer's PIN as written; "someone" (the step does not name them), the system. */
const who = (actor: string): string => {
  if (actor.toLowerCase() === 'someone') return 'người khác';
  if (actor === 'system:auto-approval') return 'hệ thống (tự động)';
  return actor === 'system' ? 'hệ thống' : actor;
};

const sexWord = (sex: string): string => (sex === 'male' ? 'nam' : sex === 'female' ? 'nữ' : sex);

/** The people `requireRecord` names (shared/dossiers/steps/common.ts). */
const PERSON: Readonly<Record<string, string>> = {
  applicant: 'Người nộp hồ sơ',
  child: 'Trẻ',
  citizen: 'Công dân',
  deceased: 'Người đã mất',
  guest: 'Người lưu trú',
  host: 'Người thông báo lưu trú',
  'household head': 'Chủ hộ',
  'household member': 'Thành viên hộ gia đình',
  'new household head': 'Chủ hộ mới',
  partner: 'Người kết hôn cùng người nộp hồ sơ',
  person: 'Người được đăng ký',
};

/** The name fields `normaliseName` is given a label for (shared/dossiers/forms.ts, record-correction.ts). */
const NAME_LABEL: Readonly<Record<string, string>> = {
  "child's name": 'họ, chữ đệm và tên của trẻ',
  'full name': 'họ, chữ đệm và tên',
};

/** The fields of the record a citizen may have corrected (record-correction.ts), as the portal names them. */
const RECORD_FIELD: Readonly<Record<string, string>> = {
  fullName: 'họ, chữ đệm và tên',
  birthDate: 'ngày sinh',
  sex: 'giới tính',
  ethnicity: 'dân tộc',
};

const recordFields = (list: string): string =>
  list
    .split(', ')
    .map((f) => RECORD_FIELD[f] ?? f)
    .join(', ');

const consentFields = (list: string): string =>
  list
    .split(', ')
    .map((f) => (portal.consents.fieldNames as Readonly<Record<string, string>>)[f] ?? f)
    .join(', ');

/** `describe` in shared/domain/names.ts: the digit 7, a tab or line break, "@". */
const refusedCharacter = (described: string): string => {
  const digit = /^the digit (.+)$/.exec(described);
  if (digit) return `chữ số ${digit[1]}`;
  if (described === 'a tab or line break') return 'dấu tab hoặc ký tự xuống dòng';
  return `ký tự ${described}`;
};

/** The grounds a citizen may declare for a fee exemption, and their evidence, in Vietnamese. */
const GROUNDS = Object.values(declaredGrounds(''));
const groundName = (id: string): string => GROUNDS.find((g) => g.id === id)?.text.vi ?? id;
const evidenceVi = (en: string): string =>
  GROUNDS.map((g) => g.establishedBy.evidence).find((e) => e.en === en)?.vi ?? en;

/** Each sentence of a run of sentences, in Vietnamese where the dictionary has it. */
const sentences = (text: string): string =>
  text
    .split(/(?<=\.) (?=[A-Z])/)
    .map((sentence) => {
      const exact = VI_EXACT[sentence];
      if (exact !== undefined) return exact;
      for (const entry of VI_PATTERNS) {
        const match = entry.pattern.exec(sentence);
        if (match) return entry.vi(...match.slice(1));
      }
      return sentence;
    })
    .join(' ');

const DATE = String.raw`\d{4}-\d{2}-\d{2}`;

export const VI_PATTERNS: readonly PatternEntry[] = [
  // Field problems with a date (submit-dossier.ts, support.ts, id-card.ts, record-correction.ts).
  {
    pattern: new RegExp(`^must not be before (${DATE})$`),
    vi: (d) => `không được trước ngày ${d}`,
    example: 'must not be before 1950-04-02',
  },
  {
    pattern: new RegExp(`^must not be before today \\((${DATE})\\)$`),
    vi: (d) => `không được trước ngày hôm nay (${d})`,
    example: 'must not be before today (2026-03-09)',
  },
  {
    pattern: new RegExp(`^must not be after (${DATE})$`),
    vi: (d) => `không được sau ngày ${d}`,
    example: 'must not be after 2026-04-08',
  },
  {
    pattern: new RegExp(`^must be from (${DATE}) to (${DATE})$`),
    vi: (from, to) => `phải từ ngày ${from} đến ngày ${to}`,
    example: 'must be from 2026-03-10 to 2026-04-08',
  },
  {
    pattern: new RegExp(`^(${DATE}) is not a working day$`),
    vi: (d) => `${d} không phải ngày làm việc`,
    example: '2026-03-14 is not a working day',
  },
  {
    pattern: /^one of (.+)$/,
    vi: (list) => `một trong: ${list.split(', ').map(stepTitle).join(', ')}`,
    example: 'one of RegisterBirth, RegisterPermanentResidence',
  },

  // The personal identification number (shared/domain/pin.ts, parsePin and validatePinFor).
  {
    pattern: /^A PIN has digits only; remove (.+)\.$/,
    vi: (chars) => `Số định danh cá nhân chỉ gồm chữ số; vui lòng bỏ ${chars}.`,
    example: 'A PIN has digits only; remove "a", "-".',
  },
  {
    pattern: /^A PIN has 12 digits; this one has (\d+) characters?\.$/,
    vi: (n) => `Số định danh cá nhân gồm 12 chữ số; số đã nhập có ${n} ký tự.`,
    example: 'A PIN has 12 digits; this one has 11 characters.',
  },
  {
    pattern:
      /^(\d{3}) is not a province code; the first three digits are the code of the province where the birth was registered, e\.g\. 001 for Hà Nội\.$/,
    vi: (code) =>
      `${code} không phải mã tỉnh; ba chữ số đầu là mã tỉnh/thành nơi đăng ký khai sinh, ví dụ 001 là Hà Nội.`,
    example:
      '999 is not a province code; the first three digits are the code of the province where the birth was registered, e.g. 001 for Hà Nội.',
  },
  {
    pattern:
      /^The 4th digit (\d) and the 5th–6th digits (\d{2}) mean a (male|female) born in (\d{4}), which is after this year \((\d{4})\); check the 4th digit \(0\/1 for the 1900s, 2\/3 for the 2000s\)\.$/,
    vi: (g, yy, sex, year, thisYear) =>
      `Chữ số thứ 4 (${g}) và chữ số thứ 5–6 (${yy}) cho biết người ${sexWord(sex)} sinh năm ${year}, sau năm nay (${thisYear}); vui lòng kiểm tra chữ số thứ 4 (0/1 cho người sinh từ 1900 đến 1999, 2/3 cho người sinh từ 2000 đến 2099).`,
    example:
      'The 4th digit 2 and the 5th–6th digits 45 mean a male born in 2045, which is after this year (2026); check the 4th digit (0/1 for the 1900s, 2/3 for the 2000s).',
  },
  {
    pattern:
      /^The 4th digit (\d) means a (male|female) born in the (\d{4})s, but the person is recorded as (male|female)\.$/,
    vi: (g, sex, century, recorded) =>
      `Chữ số thứ 4 (${g}) cho biết người ${sexWord(sex)} sinh từ ${century} đến ${Number(century) + 99}, nhưng người này được ghi nhận là ${sexWord(recorded)}.`,
    example: 'The 4th digit 2 means a male born in the 2000s, but the person is recorded as female.',
  },
  {
    pattern: new RegExp(
      `^The 4th digit (\\d) means a (male|female) born in the (\\d{4})s, but the birth date is (${DATE})\\.$`,
    ),
    vi: (g, sex, century, birthDate) =>
      `Chữ số thứ 4 (${g}) cho biết người ${sexWord(sex)} sinh từ ${century} đến ${Number(century) + 99}, nhưng ngày sinh là ${birthDate}.`,
    example: 'The 4th digit 2 means a male born in the 2000s, but the birth date is 1998-04-01.',
  },
  {
    pattern: new RegExp(
      `^The 5th and 6th digits (\\d{2}) mean a birth year ending in \\d{2}, but the birth date is (${DATE})\\.$`,
    ),
    vi: (yy, birthDate) =>
      `Chữ số thứ 5 và 6 (${yy}) cho biết năm sinh có hai số cuối là ${yy}, nhưng ngày sinh là ${birthDate}.`,
    example: 'The 5th and 6th digits 98 mean a birth year ending in 98, but the birth date is 1999-04-01.',
  },
  {
    pattern:
      /^(.+) A correction that contradicts the PIN needs a new PIN, which is not issued here: apply at the commune police\.$/,
    vi: (problems) =>
      `${sentences(problems)} Điều chỉnh trái với số định danh cá nhân thì cần cấp số định danh mới, việc này không thực hiện tại đây: vui lòng liên hệ công an xã/phường.`,
    example:
      'The 4th digit 2 means a male born in the 2000s, but the person is recorded as female. A correction that contradicts the PIN needs a new PIN, which is not issued here: apply at the commune police.',
  },

  // Dates (shared/domain/dates.ts, parseIsoDate with its default label, as the forms' IsoDate calls it).
  {
    pattern: /^Enter the date as YYYY-MM-DD, for example 2024-03-09; nothing was entered\.$/,
    vi: () => 'Vui lòng nhập ngày theo định dạng YYYY-MM-DD, ví dụ 2024-03-09; chưa có ngày nào được nhập.',
    example: 'Enter the date as YYYY-MM-DD, for example 2024-03-09; nothing was entered.',
  },
  {
    pattern: /^Enter the date as YYYY-MM-DD, for example 2024-03-09; "(.*)" is not in that form\.$/,
    vi: (text) => `Vui lòng nhập ngày theo định dạng YYYY-MM-DD, ví dụ 2024-03-09; "${text}" không đúng định dạng này.`,
    example: 'Enter the date as YYYY-MM-DD, for example 2024-03-09; "9/3/2024" is not in that form.',
  },
  {
    pattern: /^The year of the date must be 0001 or later\.$/,
    vi: () => 'Năm phải từ 0001 trở đi.',
    example: 'The year of the date must be 0001 or later.',
  },
  {
    pattern: /^The date (\S+) has month (\d{2}); months run from 01 to 12\.$/,
    vi: (d, month) => `Ngày ${d} có tháng ${month}; tháng chỉ từ 01 đến 12.`,
    example: 'The date 2024-13-01 has month 13; months run from 01 to 12.',
  },
  {
    pattern: /^The date (\S+) does not exist: (\w+) (\d+) has (\d+) days((?: \(\d+ is not a leap year\))?)\.$/,
    vi: (d, monthName, year, last, leap) => {
      const month = (MONTH_NAMES as readonly string[]).indexOf(monthName) + 1;
      const note = leap ? ` (năm ${year} không phải năm nhuận)` : '';
      return `Không có ngày ${d}: tháng ${month}/${year} chỉ có ${last} ngày${note}.`;
    },
    example: 'The date 2025-02-29 does not exist: February 2025 has 28 days (2025 is not a leap year).',
  },

  // Names (shared/domain/names.ts, with the labels the forms give).
  {
    pattern: /^Enter the (child's name|full name); it is empty\.$/,
    vi: (label) => `Vui lòng nhập ${NAME_LABEL[label] ?? label}.`,
    example: "Enter the child's name; it is empty.",
  },
  {
    pattern: /^The (child's name|full name) "(.*)" contains (.+); a name may contain only letters, spaces, ' and -\.$/,
    vi: (label, name, described) => {
      const field = NAME_LABEL[label] ?? label;
      return `${field.charAt(0).toUpperCase()}${field.slice(1)} "${name}" có ${refusedCharacter(described)}; tên chỉ được gồm chữ cái, dấu cách, dấu ' và dấu -.`;
    },
    example: 'The child\'s name "Lê Thị 2" contains the digit 2; a name may contain only letters, spaces, \' and -.',
  },
  {
    pattern: /^The (child's name|full name) is longer than (\d+) characters\.$/,
    vi: (label, n) => {
      const field = NAME_LABEL[label] ?? label;
      return `${field.charAt(0).toUpperCase()}${field.slice(1)} dài quá ${n} ký tự.`;
    },
    example: 'The full name is longer than 100 characters.',
  },

  // Who may call.
  {
    pattern:
      /^This service needs a level-(\d) e-ID account \(activated in person at the commune police\)\. Your account is level (\d)\.$/,
    vi: (needed, has) =>
      `Dịch vụ này cần tài khoản định danh điện tử mức ${needed} (kích hoạt trực tiếp tại công an xã/phường). Tài khoản của bạn là mức ${has}.`,
    example:
      'This service needs a level-2 e-ID account (activated in person at the commune police). Your account is level 1.',
  },
  {
    pattern: /^You supervise no agency in province (.*); yours: (.*)\.$/,
    vi: (province, yours) =>
      `Bạn không giám sát cơ quan nào tại tỉnh/thành ${province}; các tỉnh/thành bạn giám sát: ${yours}.`,
    example: 'You supervise no agency in province 79; yours: 01, 37.',
  },
  {
    pattern:
      /^The dossier indicators are for policy makers: an agency system registered for "([^"]+)", or an officer supervisor\.$/,
    vi: (scope) =>
      `Chỉ số hồ sơ dành cho cơ quan hoạch định chính sách: hệ thống của cơ quan được đăng ký quyền "${scope}", hoặc cán bộ giám sát.`,
    example:
      'The dossier indicators are for policy makers: an agency system registered for "npdb:statistics", or an officer supervisor.',
  },

  // Dossiers (submit-dossier.ts, submit-service-dossier.ts, view-dossier.ts, finish-dossier.ts).
  {
    pattern: /^Dossier (\S+) is not found\.$/,
    vi: (id) => `Không tìm thấy hồ sơ ${id}.`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT is not found.',
  },
  {
    pattern: /^You have no dossier (\S+)\.$/,
    vi: (id) => `Bạn không có hồ sơ ${id}.`,
    example: 'You have no dossier HS01-20260309-K7M2Q9X4RT.',
  },
  {
    pattern: /^Province (\S+) does not yet handle this (group|service) online; apply at the commune's one-stop desk\.$/,
    vi: (province, kind) =>
      `Tỉnh/thành ${province} chưa giải quyết trực tuyến ${kind === 'group' ? 'nhóm thủ tục' : 'dịch vụ'} này; vui lòng nộp hồ sơ tại Bộ phận một cửa cấp xã.`,
    example: "Province 37 does not yet handle this group online; apply at the commune's one-stop desk.",
  },
  {
    pattern:
      /^This birth is already registered by dossier (\S+) \(personal identification number (\S+)\); ask the commune to complete the remaining steps instead of applying again\.$/,
    vi: (id, pin) =>
      `Việc khai sinh này đã được đăng ký theo hồ sơ ${id} (số định danh cá nhân ${pin}); vui lòng đề nghị Ủy ban nhân dân cấp xã hoàn thành các bước còn lại, không nộp hồ sơ mới.`,
    example:
      'This birth is already registered by dossier HS01-20260309-K7M2Q9X4RT (personal identification number 001226000123); ask the commune to complete the remaining steps instead of applying again.',
  },
  {
    pattern: /^A dossier for the same (birth|death) is already in progress: (\S+)\.$/,
    vi: (event, id) =>
      `Đã có hồ sơ đang được giải quyết cho cùng việc ${event === 'birth' ? 'khai sinh' : 'khai tử'} này: ${id}.`,
    example: 'A dossier for the same birth is already in progress: HS01-20260309-K7M2Q9X4RT.',
  },

  // Officer decisions (run-step.ts, officer-tasks.ts).
  {
    pattern: /^No task (\S+) in your inbox\.$/,
    vi: (id) => `Không có việc ${id} trong hộp việc của bạn.`,
    example: 'No task HS01-20260309-K7M2Q9X4RT.RegisterBirth in your inbox.',
  },
  {
    pattern: /^This step was already (approved|rejected) by (.+?) at (.+)\.$/,
    vi: (status, actor, at) =>
      status === 'approved'
        ? `Bước này đã được ${who(actor)} duyệt lúc ${at}.`
        : `Bước này đã bị ${who(actor)} từ chối lúc ${at}.`,
    example: 'This step was already approved by 001085000123 at 2026-03-09T03:04:05.000Z.',
  },
  {
    pattern: /^This step is (.+); it can no longer be decided\.$/,
    vi: (status) =>
      status === 'gone'
        ? 'Bước này không còn tồn tại; không thể quyết định nữa.'
        : `Bước này ở trạng thái "${stepStatus(status)}"; không thể quyết định nữa.`,
    example: 'This step is cancelled; it can no longer be decided.',
  },
  {
    pattern:
      /^An approval of this step by (.+?) \((.+?)\) is being recorded and its effect may already be written, so the step can no longer be rejected\. Reload it in a moment; if it is still open, approve it to complete that approval\.$/,
    vi: (actor, at) =>
      `Quyết định duyệt bước này của ${who(actor)} (${at}) đang được ghi nhận và kết quả có thể đã được ghi vào cơ sở dữ liệu, nên không thể từ chối bước này nữa. Vui lòng tải lại sau giây lát; nếu bước vẫn còn mở, hãy duyệt để hoàn tất quyết định đó.`,
    example:
      'An approval of this step by 001085000123 (2026-03-09T03:04:05.000Z) is being recorded and its effect may already be written, so the step can no longer be rejected. Reload it in a moment; if it is still open, approve it to complete that approval.',
  },
  {
    pattern: /^(.+) is recording a decision \((.+)\) on this step right now; reload it in a moment\.$/,
    vi: (actor, decision) => {
      const name = who(actor);
      return `${name.charAt(0).toUpperCase()}${name.slice(1)} đang ghi nhận quyết định (${decisionWord(decision)}) cho bước này; vui lòng tải lại sau giây lát.`;
    },
    example: 'Someone is recording a decision (approve) on this step right now; reload it in a moment.',
  },

  // Resumption (resume-group.ts).
  {
    pattern: /^Dossier (\S+) is still being processed; only a failed or refused group can be resumed\.$/,
    vi: (id) =>
      `Hồ sơ ${id} vẫn đang được giải quyết; chỉ nhóm thủ tục bị lỗi hoặc bị từ chối mới được tiếp tục giải quyết.`,
    example:
      'Dossier HS01-20260309-K7M2Q9X4RT is still being processed; only a failed or refused group can be resumed.',
  },
  {
    pattern: /^Dossier (\S+) is (\S+); only a failed or refused group can be resumed\.$/,
    vi: (id, status) =>
      `Hồ sơ ${id} ở trạng thái "${dossierStatus(status)}"; chỉ nhóm thủ tục bị lỗi hoặc bị từ chối mới được tiếp tục giải quyết.`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT is completed; only a failed or refused group can be resumed.',
  },
  {
    pattern: /^Every step of dossier (\S+) is approved; there is nothing to resume\.$/,
    vi: (id) => `Mọi bước của hồ sơ ${id} đã được duyệt; không còn bước nào để tiếp tục giải quyết.`,
    example: 'Every step of dossier HS01-20260309-K7M2Q9X4RT is approved; there is nothing to resume.',
  },
  {
    pattern: /^Dossier (\S+) has no step (\S+)\.$/,
    vi: (id, step) => `Hồ sơ ${id} không có bước "${stepTitle(step)}".`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT has no step RegisterDeath.',
  },
  {
    pattern: /^Step (\S+) before (\S+) is not done \((.+)\); resume from (\S+)\.$/,
    vi: (failed, from, status, again) =>
      `Bước "${stepTitle(failed)}" trước bước "${stepTitle(from)}" chưa hoàn thành (${stepStatus(status)}); vui lòng tiếp tục giải quyết từ bước "${stepTitle(again)}".`,
    example:
      'Step RegisterPermanentResidence before IssueChildHealthInsurance is not done (rejected); resume from RegisterPermanentResidence.',
  },
  {
    pattern: /^No dossier (\S+)\.$/,
    vi: (id) => `Không có hồ sơ ${id}.`,
    example: 'No dossier HS01-20260309-K7M2Q9X4RT.',
  },
  { pattern: /^No step (\S+)\.$/, vi: (step) => `Không có bước ${step}.`, example: 'No step RegisterMarriage.' },
  {
    pattern: /^Dossier (\S+) is a single-step service; a refused one is filed again, it is not resumed\.$/,
    vi: (id) =>
      `Hồ sơ ${id} là dịch vụ chỉ có một bước; hồ sơ bị từ chối thì nộp hồ sơ mới, không tiếp tục giải quyết.`,
    example:
      'Dossier HS01-20260309-K7M2Q9X4RT is a single-step service; a refused one is filed again, it is not resumed.',
  },
  {
    pattern: /^Dossier (\S+), filed since, now handles this (birth|death); dossier (\S+) can no longer be resumed\.$/,
    vi: (held, event, id) =>
      `Hồ sơ ${held}, nộp sau đó, đang giải quyết việc ${event === 'birth' ? 'khai sinh' : 'khai tử'} này; hồ sơ ${id} không thể tiếp tục giải quyết nữa.`,
    example:
      'Dossier HS01-20260310-P3W8N2C6HD, filed since, now handles this birth; dossier HS01-20260309-K7M2Q9X4RT can no longer be resumed.',
  },
  {
    pattern: /^Dossier (\S+) changed while it was being resumed; reload it and try again\.$/,
    vi: (id) => `Hồ sơ ${id} đã thay đổi trong khi đang được tiếp tục giải quyết; vui lòng tải lại và thử lại.`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT changed while it was being resumed; reload it and try again.',
  },
  {
    pattern: /^No dossier (\S+) in your jurisdiction\.$/,
    vi: (id) => `Không có hồ sơ ${id} thuộc địa bàn bạn phụ trách.`,
    example: 'No dossier HS01-20260309-K7M2Q9X4RT in your jurisdiction.',
  },

  // Revocation (revoke-death-registration.ts).
  {
    pattern: /^No death registration (\S+) in your jurisdiction\.$/,
    vi: (id) => `Không có hồ sơ đăng ký khai tử ${id} thuộc địa bàn bạn phụ trách.`,
    example: 'No death registration HS01-20260309-K7M2Q9X4RT in your jurisdiction.',
  },

  // The steps' rules (shared/dossiers/steps/).
  {
    pattern: /^The (.+) \((.+)\) is not in the NPDB\.$/,
    vi: (what, pin) =>
      `${PERSON[what] ?? what} (${pin === 'not recorded' ? 'chưa ghi nhận' : pin}) không có trong ${NPDB}.`,
    example: 'The household head (001085000123) is not in the NPDB.',
  },
  {
    pattern: new RegExp(`^(.+) is already recorded as deceased on (${DATE})\\.$`),
    vi: (name, d) => `${name} đã được ghi nhận là đã mất ngày ${d}.`,
    example: 'Nguyễn Văn An is already recorded as deceased on 2026-03-01.',
  },
  {
    pattern: /^(.+) has no household to register the child in\.$/,
    vi: (name) => `${name} không có hộ gia đình để đăng ký thường trú cho trẻ.`,
    example: 'Nguyễn Thị Bình has no household to register the child in.',
  },

  // Single-agency services (shared/services/).
  {
    pattern: /^This service offers no fee exemption "(.*)" to declare; the grounds are: (.+)\.$/,
    vi: (ground, offered) =>
      `Dịch vụ này không có diện miễn lệ phí "${ground}" để kê khai; các diện được kê khai: ${offered
        .split(', ')
        .map(groundName)
        .join('; ')}.`,
    example:
      'This service offers no fee exemption "student" to declare; the grounds are: poor-household, revolution-merit, disability, orphan-under-18.',
  },
  {
    pattern: /^The exemption "(.*)" needs the reference of its evidence \((.+)\)\.$/,
    vi: (ground, evidence) => `Diện miễn "${groundName(ground)}" cần số giấy tờ chứng minh (${evidenceVi(evidence)}).`,
    example:
      'The exemption "poor-household" needs the reference of its evidence (Number of the poor-household certificate).',
  },
  {
    pattern: /^There is no essential service (\d+); the codes run from 1 to 25\.$/,
    vi: (code) => `Không có dịch vụ công thiết yếu số ${code}; mã dịch vụ từ 1 đến 25.`,
    example: 'There is no essential service 26; the codes run from 1 to 25.',
  },
  {
    pattern: /^The period is longer than (\d+) days\.$/,
    vi: (n) => `Thời gian vượt quá ${n} ngày.`,
    example: 'The period is longer than 30 days.',
  },
  {
    pattern: /^(.+) does not head a household\.$/,
    vi: (name) => `${name} không phải là chủ hộ.`,
    example: 'Nguyễn Văn An does not head a household.',
  },
  {
    pattern: /^The household of (.+) does not live in commune (\d{5}), which the dossier states\.$/,
    vi: (name, commune) => `Hộ của ${name} không cư trú tại xã/phường ${commune} như hồ sơ kê khai.`,
    example: 'The household of Nguyễn Văn An does not live in commune 00070, which the dossier states.',
  },
  {
    pattern: /^the household lives in commune (\d{5}), as stated$/,
    vi: (commune) => `hộ cư trú tại xã/phường ${commune}, đúng như kê khai`,
    example: 'the household lives in commune 00070, as stated',
  },
  {
    pattern: /^(.+) is already registered in that household\.$/,
    vi: (name) => `${name} đã đăng ký thường trú trong hộ đó.`,
    example: 'Nguyễn Văn An is already registered in that household.',
  },
  {
    pattern: /^(.+) heads a household where others stay; a new head is chosen first\.$/,
    vi: (name) => `${name} là chủ hộ của một hộ vẫn còn thành viên khác; cần chọn chủ hộ mới trước.`,
    example: 'Nguyễn Văn An heads a household where others stay; a new head is chosen first.',
  },

  // Change of household head.
  {
    pattern: /^The household chooses its head among its adult members \((\d+) or older\)\.$/,
    vi: (age) => `Hộ gia đình chọn chủ hộ trong số các thành viên đã thành niên (từ đủ ${age} tuổi).`,
    example: 'The household chooses its head among its adult members (18 or older).',
  },
  {
    pattern: /^Name every other living member's relation to the new head; missing: (.+)\.$/,
    vi: (pins) => `Vui lòng nêu quan hệ với chủ hộ mới của từng thành viên đang sống còn lại; còn thiếu: ${pins}.`,
    example: "Name every other living member's relation to the new head; missing: 001085000123, 001190000456.",
  },
  {
    pattern: /^(.+) no longer lives in household (\S+); the change is filed again\.$/,
    vi: (person, household) =>
      `${person} không còn cư trú trong hộ ${household}; cần đăng ký lại việc thay đổi chủ hộ.`,
    example: 'Nguyễn Văn An no longer lives in household 01000000123; the change is filed again.',
  },
  {
    pattern: /^(.+) joined the household after the application; the change is filed again naming them\.$/,
    vi: (names) =>
      `${names} đã nhập hộ sau khi nộp hồ sơ; cần đăng ký lại việc thay đổi chủ hộ, có nêu cả những người này.`,
    example:
      'Nguyễn Thị Bình, Lê Văn Chi joined the household after the application; the change is filed again naming them.',
  },
  {
    pattern:
      /^Household (\S+) no longer has the (\d+) living members the change names \(someone joined, left or died since\); nothing was written\.$/,
    vi: (id, n) =>
      `Hộ ${id} không còn đúng ${n} thành viên đang sống như trong hồ sơ (có người mới nhập, đã chuyển đi hoặc đã mất); chưa có gì được ghi.`,
    example:
      'Household H1 no longer has the 3 living members the change names (someone joined, left or died since); nothing was written.',
  },

  // ID card.
  {
    pattern: /^Book an appointment from tomorrow on, at most (\d+) days ahead\.$/,
    vi: (n) => `Vui lòng đặt lịch hẹn từ ngày mai, trong vòng ${n} ngày tới.`,
    example: 'Book an appointment from tomorrow on, at most 30 days ahead.',
  },
  {
    pattern: new RegExp(`^Your card is valid until (${DATE}); it can be renewed because of age from (${DATE})\\.$`),
    vi: (until, from) => `Thẻ của bạn có giá trị đến ngày ${until}; được đổi thẻ vì lý do độ tuổi từ ngày ${from}.`,
    example: 'Your card is valid until 2031-05-04; it can be renewed because of age from 2029-05-04.',
  },

  // Marriage.
  {
    pattern: /^(.+) is married to someone else according to the NPDB\.$/,
    vi: (name) => `Theo ${NPDB}, ${name} đang có vợ/chồng khác.`,
    example: 'Nguyễn Văn An is married to someone else according to the NPDB.',
  },

  // Household health insurance.
  {
    pattern: /^(.+) is under 6: the state pays their health insurance \(category TE\)\.$/,
    vi: (name) => `${name} dưới 6 tuổi: Nhà nước đóng bảo hiểm y tế cho trẻ (mã đối tượng TE).`,
    example: 'Nguyễn Thị Bình is under 6: the state pays their health insurance (category TE).',
  },
  {
    pattern: new RegExp(`^(.+) is covered by another scheme \\((\\S+)\\) until (${DATE})\\.$`),
    vi: (name, category, until) =>
      `${name} đang có thẻ bảo hiểm y tế theo đối tượng khác (${category}) đến ngày ${until}.`,
    example: 'Nguyễn Văn An is covered by another scheme (DN) until 2026-12-31.',
  },
  {
    pattern: new RegExp(`^(.+)'s card is valid until (${DATE}); renew it at most (\\d+) days before\\.$`),
    vi: (name, until, days) =>
      `Thẻ bảo hiểm y tế của ${name} có giá trị đến ngày ${until}; chỉ gia hạn được trong vòng ${days} ngày trước khi hết hạn.`,
    example: "Nguyễn Văn An's card is valid until 2026-12-31; renew it at most 60 days before.",
  },
  {
    pattern: /^(.+) has no card yet: name a primary-care facility\.$/,
    vi: (name) => `${name} chưa có thẻ bảo hiểm y tế: vui lòng chọn nơi đăng ký khám bệnh, chữa bệnh ban đầu.`,
    example: 'Nguyễn Văn An has no card yet: name a primary-care facility.',
  },

  // Correction of one's own record.
  {
    pattern: /^"(.*)" is not one of the 54 ethnic groups of Vietnam\.$/,
    vi: (text) => `"${text}" không phải là một trong 54 dân tộc của Việt Nam.`,
    example: '"Kinhh" is not one of the 54 ethnic groups of Vietnam.',
  },
  {
    pattern:
      /^Only (.+) can be corrected here; the PIN is never changed, and birth place and religion are not fields of this record\.$/,
    vi: (fields) =>
      `Tại đây chỉ điều chỉnh được: ${recordFields(fields)}; số định danh cá nhân không bao giờ thay đổi, nơi sinh và tôn giáo không thuộc thông tin này.`,
    example:
      'Only fullName, birthDate, sex, ethnicity can be corrected here; the PIN is never changed, and birth place and religion are not fields of this record.',
  },
  {
    pattern: /^Your record already says (.*) \((fullName|birthDate|sex|ethnicity)\); there is nothing to correct\.$/,
    vi: (value, field) =>
      `Thông tin của bạn đã ghi ${value} (${RECORD_FIELD[field] ?? field}); không có gì cần điều chỉnh.`,
    example: 'Your record already says Tày (ethnicity); there is nothing to correct.',
  },

  // My record, the access log.
  {
    pattern:
      /^The access log of citizen (\d+) is busy \((\d+) attempts collided with other reads of the same citizen\); nothing was disclosed\. Try again in a moment\.$/,
    vi: (pin) =>
      `Nhật ký truy cập của công dân ${pin} đang bận do có nhiều lượt đọc cùng lúc; chưa có dữ liệu nào được cung cấp. Vui lòng thử lại sau giây lát.`,
    example:
      'The access log of citizen 001085000123 is busy (10 attempts collided with other reads of the same citizen); nothing was disclosed. Try again in a moment.',
  },
  {
    pattern: /^Ask for 1 to (\d+) entries per page\.$/,
    vi: (n) => `Mỗi trang lấy từ 1 đến ${n} mục.`,
    example: 'Ask for 1 to 100 entries per page.',
  },
  {
    pattern: /^A whole number from 1 to (\d+); (.+) is not\.$/,
    vi: (n, value) => `Một số nguyên từ 1 đến ${n}; ${value} không hợp lệ.`,
    example: 'A whole number from 1 to 100; 0 is not.',
  },

  // Consents (shared/consent/consents.ts, functions/citizen/).
  {
    pattern: /^(\S+) may not receive (.+)\.$/,
    vi: (client, fields) => `${client} không được nhận: ${consentFields(fields)}.`,
    example: 'bank-vcb may not receive ethnicity, religion.',
  },
  {
    pattern: /^"([^"]+)" is not one of ([^.]+)$/,
    vi: (field, allowed) => `"${field}" không thuộc các trường được phép: ${consentFields(allowed)}`,
    example: '"ethnicity" is not one of fullName, birthDate, sex, pin, permanentAddress',
  },
  {
    pattern: /^A consent lasts at most (\d+) days; renew it later\.$/,
    vi: (n) => `Mỗi lần đồng ý có hiệu lực tối đa ${n} ngày; bạn có thể gia hạn sau.`,
    example: 'A consent lasts at most 365 days; renew it later.',
  },
  {
    pattern: /^No relying party (.*) asks for consent\. Known: (.*)\.$/,
    vi: (client, known) => `Không có tổ chức ${client} đề nghị chia sẻ dữ liệu. Các tổ chức hiện có: ${known}.`,
    example: 'No relying party bank-xyz asks for consent. Known: bank-vcb.',
  },
  {
    pattern: /^You have no consent for (.+)\.$/,
    vi: (client) => `Bạn chưa đồng ý chia sẻ dữ liệu với ${client}.`,
    example: 'You have no consent for bank-vcb.',
  },

  // The e-ID account.
  {
    pattern: /^The (code|current password) is not right; (\d+) attempts left\.$/,
    vi: (what, n) => `${what === 'code' ? 'Mã xác thực' : 'Mật khẩu hiện tại'} không đúng; còn ${n} lần thử.`,
    example: 'The current password is not right; 2 attempts left.',
  },
  {
    pattern: /^An e-ID account can be opened from the age of (\d+); younger children use a parent's account\.$/,
    vi: (age) =>
      `Tài khoản định danh điện tử được mở cho công dân từ đủ ${age} tuổi; trẻ em dưới ${age} tuổi sử dụng tài khoản của cha hoặc mẹ.`,
    example: "An e-ID account can be opened from the age of 14; younger children use a parent's account.",
  },

  // Payments (shared/payments/payments.ts).
  {
    pattern: /^Dossier (\S+) has no fee to pay\.$/,
    vi: (id) => `Hồ sơ ${id} không có lệ phí phải nộp.`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT has no fee to pay.',
  },
  {
    pattern: /^Dossier (\S+) is paid already \(receipt (\S+)\)\.$/,
    vi: (id, receipt) => `Hồ sơ ${id} đã được thanh toán (biên lai ${receipt}).`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT is paid already (receipt BL-01-20260309-K7M2Q9X4RT-01).',
  },
  {
    pattern: /^Dossier (\S+) no longer waits for payment \(it is (\S+)\)\.$/,
    vi: (id, status) => `Hồ sơ ${id} không còn chờ thanh toán (trạng thái: ${dossierStatus(status)}).`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT no longer waits for payment (it is expired).',
  },
  {
    pattern: /^The time to pay dossier (\S+) has passed\.$/,
    vi: (id) => `Đã hết hạn thanh toán hồ sơ ${id}.`,
    example: 'The time to pay dossier HS01-20260309-K7M2Q9X4RT has passed.',
  },
  {
    pattern: /^Dossier (\S+) reached (\d+) payment attempts; apply again\.$/,
    vi: (id, n) => `Hồ sơ ${id} đã đạt giới hạn ${n} lần thanh toán; vui lòng nộp hồ sơ mới.`,
    example: 'Dossier HS01-20260309-K7M2Q9X4RT reached 99 payment attempts; apply again.',
  },

  // Statistics.
  {
    pattern: /^at most (\d+) months from "to"$/,
    vi: (n) => `tối đa ${n} tháng tính đến "to"`,
    example: 'at most 60 months from "to"',
  },
  {
    pattern: /^Unknown province code\. Use one of the 34 two-digit codes in force since 1 July 2025: (.+)\.$/,
    vi: (codes) =>
      `Mã tỉnh/thành không hợp lệ. Vui lòng dùng một trong 34 mã hai chữ số có hiệu lực từ ngày 01/7/2025: ${codes}.`,
    example: 'Unknown province code. Use one of the 34 two-digit codes in force since 1 July 2025: 01, 04, 08.',
  },
];
