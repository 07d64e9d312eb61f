/**
 * Labels of the single-agency services' e-forms, in Vietnamese and English. They live here, in the lazily loaded
 * forms chunk, rather than in ../i18n/vi.ts and en.ts, so the portal's first page does not carry them.
 */
import type { Language } from '../i18n/i18n.ts';

export interface ServiceLabels {
  readonly ui: {
    readonly details: string;
    readonly intro: string;
    readonly notOnPortal: string;
    readonly choose: string;
    readonly province: string;
    readonly commune: string;
    readonly addressLine: string;
    readonly person: (n: number) => string;
    readonly item: (n: number) => string;
    readonly relation: string;
    readonly addPerson: string;
    readonly addItem: string;
    readonly remove: (what: string) => string;
    readonly pinHint: string;
    readonly yourPin: string;
    readonly payNext: string;
    /** The optional fee-exemption picker, on services with grounds to declare (./fee-exemption.ts). */
    readonly exemptionGround: string;
    readonly exemptionEvidence: string;
    readonly exemptionHint: string;
    readonly yes: string;
    readonly no: string;
  };
  /** By service code, then field path. */
  readonly fields: Readonly<Record<number, Readonly<Record<string, string>>>>;
  readonly hints: Readonly<Record<number, Readonly<Record<string, string>>>>;
  /** Choices of select fields, by value (a value without a label, e.g. a licence class, is shown as it is). */
  readonly options: Readonly<Record<string, string>>;
  /** Choices that read differently in one service (an ID card's "renewal" is not a passport's), by code. */
  readonly serviceOptions: Readonly<Record<number, Readonly<Record<string, string>>>>;
  readonly residence: {
    readonly title: string;
    readonly intro: string;
    readonly request: string;
    readonly issued: (number: string) => string;
    readonly document: string;
  };
}

const vi: ServiceLabels = {
  ui: {
    details: 'Thông tin tờ khai',
    intro: 'Thông tin về bạn lấy từ Cơ sở dữ liệu quốc gia về dân cư; bạn chỉ khai những gì cơ quan cần thêm.',
    notOnPortal: 'Dịch vụ này chưa có biểu mẫu trên cổng; vui lòng nộp tại cơ quan.',
    choose: '— Chọn —',
    province: 'Tỉnh, thành phố',
    commune: 'Xã, phường, đặc khu',
    addressLine: 'Số nhà, đường, thôn, tổ',
    person: (n) => `Số định danh cá nhân của người thứ ${n}`,
    item: (n) => `Mục ${n}`,
    relation: 'Quan hệ với chủ hộ',
    addPerson: 'Thêm người',
    addItem: 'Thêm mục',
    remove: (what) => `Xoá: ${what}`,
    pinHint: '12 chữ số',
    yourPin: 'Số định danh của bạn',
    payNext: 'Dịch vụ có lệ phí: mở hồ sơ để thanh toán trực tuyến; hồ sơ được chuyển cơ quan sau khi thanh toán.',
    exemptionGround: 'Diện miễn lệ phí (nếu có)',
    exemptionEvidence: 'Số giấy tờ chứng minh diện miễn',
    exemptionHint:
      'Nếu thuộc diện miễn, hồ sơ không phải thanh toán; cán bộ sẽ đối chiếu giấy tờ. Khai không đúng, hồ sơ bị từ chối. Giấy tờ cần: ',
    yes: 'Có',
    no: 'Không',
  },
  fields: {
    2: {
      kind: 'Loại đề nghị',
      reason: 'Lý do',
      'appointment.date': 'Ngày hẹn thu nhận (ảnh, vân tay, mống mắt)',
      'appointment.slot': 'Giờ hẹn',
    },
    12: {
      certificateType: 'Loại phiếu',
      purpose: 'Mục đích yêu cầu',
      copies: 'Số bản',
      includeOfficeBan: 'Ghi thông tin về cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp (phiếu số 1)',
    },
    3: {
      householdHeadPin: 'Số định danh của chủ hộ',
      householdCommuneCode: 'Nơi cư trú của hộ',
      persons: 'Người đăng ký thường trú',
    },
    4: {
      address: 'Nơi đăng ký tạm trú',
      from: 'Tạm trú từ ngày',
      until: 'Đến ngày',
      accommodation: 'Chỗ ở',
      ownerPin: 'Số định danh của chủ chỗ ở',
      persons: 'Người đăng ký tạm trú',
    },
    5: { from: 'Vắng mặt từ ngày', until: 'Đến ngày', destination: 'Nơi đến', reason: 'Lý do' },
    6: { guests: 'Người lưu trú', from: 'Lưu trú từ ngày', until: 'Đến ngày', place: 'Nơi lưu trú' },
    7: {
      'vehicle.make': 'Nhãn hiệu xe',
      'vehicle.model': 'Số loại (kiểu xe)',
      'vehicle.engineNumber': 'Số máy',
      'vehicle.frameNumber': 'Số khung',
      invoiceNumber: 'Số hoá đơn mua xe',
      plateDelivery: 'Nhận biển số',
    },
    8: { decisionNumber: 'Số quyết định xử phạt', plate: 'Biển số xe' },
    9: { kind: 'Loại đề nghị', previousPassportNumber: 'Số hộ chiếu cũ', delivery: 'Nhận hộ chiếu' },
    10: { organisation: 'Tên tổ chức', taxCode: 'Mã số thuế', establishmentDecision: 'Số quyết định thành lập' },
    11: { organisation: 'Tên tổ chức', sealKind: 'Loại con dấu', reason: 'Lý do đăng ký' },
    13: {
      licenceNumber: 'Số giấy phép lái xe',
      licenceClass: 'Hạng giấy phép',
      healthCertificateNumber: 'Số giấy khám sức khoẻ',
    },
    14: {
      'child.fullName': 'Họ, chữ đệm và tên của trẻ',
      'child.sex': 'Giới tính của trẻ',
      'child.birthDate': 'Ngày sinh của trẻ',
      motherPin: 'Số định danh của người mẹ',
      fatherPin: 'Số định danh của người cha (nếu có)',
      'birthCertificate.number': 'Số giấy chứng sinh',
      'birthCertificate.facilityCode': 'Mã cơ sở y tế cấp giấy chứng sinh',
      'birthCertificate.issuedOn': 'Ngày cấp giấy chứng sinh',
    },
    15: {
      deceasedPin: 'Số định danh của người đã mất',
      deathDate: 'Ngày mất',
      'deathNotice.number': 'Số giấy báo tử',
      'deathNotice.issuedBy': 'Nơi cấp giấy báo tử',
      'deathNotice.issuedOn': 'Ngày cấp giấy báo tử',
    },
    16: { partnerPin: 'Số định danh của người sẽ kết hôn với bạn' },
    20: { members: 'Thành viên hộ gia đình gia hạn thẻ', facilityCode: 'Nơi đăng ký khám chữa bệnh ban đầu' },
    19: { landCertificateNumber: 'Số giấy chứng nhận', parcelNumber: 'Số thửa đất', mapSheet: 'Số tờ bản đồ' },
    21: { dependants: 'Số người phụ thuộc', employerTaxCode: 'Mã số thuế của nơi làm việc' },
    22: { examYear: 'Năm dự thi', school: 'Trường đang học', subjects: 'Môn thi' },
    23: {
      lastEmployer: 'Nơi làm việc cuối cùng',
      contractEndedOn: 'Ngày chấm dứt hợp đồng lao động',
      bankAccount: 'Số tài khoản nhận trợ cấp',
    },
    24: { supplyAddress: 'Địa chỉ cấp điện', purpose: 'Mục đích sử dụng', expectedKw: 'Công suất dự kiến (kW)' },
    25: { contractNumber: 'Số hợp đồng mua bán điện', supplyAddress: 'Địa chỉ cấp điện', reason: 'Lý do thay đổi' },
  },
  hints: {
    2: { 'appointment.date': 'Một ngày làm việc trong 30 ngày tới, tại công an xã nơi bạn cư trú' },
    12: { copies: 'Từ 1 đến 10 bản; từ bản thứ ba tính thêm phí' },
    4: { until: 'Tối đa 2 năm', ownerPin: 'Chủ chỗ ở đồng ý cho đăng ký tạm trú' },
    6: { until: 'Tối đa 30 ngày' },
    8: { plate: 'Ví dụ 29A-12345' },
    9: { previousPassportNumber: 'Khi gia hạn hoặc báo mất, ví dụ C1234567' },
    10: { taxCode: '10 chữ số (thêm -123 cho chi nhánh)' },
    13: { licenceNumber: '12 chữ số' },
    21: { employerTaxCode: '10 chữ số' },
    20: {
      members: 'Người thứ nhất đóng đủ, người thứ hai 70%, thứ ba 60%, thứ tư 50%, từ người thứ năm 40%',
      facilityCode: 'Cho thành viên chưa có thẻ: 5 chữ số',
    },
  },
  options: {
    owned: 'Nhà thuộc sở hữu của tôi',
    male: 'Nam',
    female: 'Nữ',
    rented: 'Thuê',
    lent: 'Ở nhờ, mượn',
    'permanent-residence': 'Nơi thường trú của tôi',
    'temporary-residence': 'Nơi tạm trú của tôi',
    collect: 'Nhận trực tiếp',
    post: 'Qua bưu điện',
    first: 'Cấp lần đầu',
    renewal: 'Cấp lại khi hết hạn',
    lost: 'Cấp lại do bị mất',
    miniature: 'Dấu thu nhỏ',
    embossed: 'Dấu nổi',
    wax: 'Dấu xi',
    household: 'Sinh hoạt gia đình',
    business: 'Kinh doanh',
    purchase: 'Mua nhà',
    inheritance: 'Thừa kế',
    tenancy: 'Thuê nhà',
    spouse: 'Vợ, chồng',
    child: 'Con',
    parent: 'Cha, mẹ',
    other: 'Khác',
  },
  serviceOptions: {
    2: {
      renewal: 'Cấp đổi',
      reissue: 'Cấp lại',
      age: 'Đến tuổi đổi thẻ',
      damaged: 'Thẻ bị hư hỏng',
      'changed-information': 'Thay đổi thông tin trên thẻ',
      lost: 'Bị mất thẻ',
    },
    12: { '1': 'Phiếu lý lịch tư pháp số 1', '2': 'Phiếu lý lịch tư pháp số 2' },
  },
  residence: {
    title: 'Xác nhận thông tin cư trú',
    intro:
      'Cơ sở dữ liệu quốc gia về dân cư xác nhận ngay nơi thường trú, hộ gia đình và nơi tạm trú hiện tại của bạn (thay sổ hộ khẩu).',
    request: 'Lấy xác nhận cư trú',
    issued: (number) => `Đã cấp xác nhận số ${number}.`,
    document: 'xác nhận thông tin cư trú',
  },
};

const en: ServiceLabels = {
  ui: {
    details: 'Application details',
    intro: 'What the National Population Database holds about you is not asked again; give only what the agency needs.',
    notOnPortal: 'This service has no form on the portal yet; please apply at the agency.',
    choose: '— Choose —',
    province: 'Province or city',
    commune: 'Commune, ward or special zone',
    addressLine: 'House number, street, hamlet or group',
    person: (n) => `Personal identification number of person ${n}`,
    item: (n) => `Item ${n}`,
    relation: 'Relation to the head of household',
    addPerson: 'Add a person',
    addItem: 'Add an item',
    remove: (what) => `Remove: ${what}`,
    pinHint: '12 digits',
    yourPin: 'your PIN',
    payNext: 'This service has a fee: open the dossier to pay online; it goes to the agency once paid.',
    exemptionGround: 'Fee exemption (if you qualify)',
    exemptionEvidence: 'Reference of the evidence',
    exemptionHint:
      'If you qualify, there is nothing to pay; the officer checks the evidence, and a false ground means the dossier is refused. Evidence: ',
    yes: 'Yes',
    no: 'No',
  },
  fields: {
    2: {
      kind: 'Request',
      reason: 'Reason',
      'appointment.date': 'Appointment for the capture (portrait, fingerprints, iris)',
      'appointment.slot': 'Time',
    },
    12: {
      certificateType: 'Certificate',
      purpose: 'Purpose',
      copies: 'Copies',
      includeOfficeBan: 'State any ban on holding office or founding and managing enterprises (type 1)',
    },
    3: {
      householdHeadPin: "Head of household's PIN",
      householdCommuneCode: 'Where the household lives',
      persons: 'People registering',
    },
    4: {
      address: 'Address of the temporary residence',
      from: 'From',
      until: 'Until',
      accommodation: 'Accommodation',
      ownerPin: "Accommodation owner's PIN",
      persons: 'People registering',
    },
    5: { from: 'Away from', until: 'Until', destination: 'Destination', reason: 'Reason' },
    6: { guests: 'Guests', from: 'Staying from', until: 'Until', place: 'Where they stay' },
    7: {
      'vehicle.make': 'Make',
      'vehicle.model': 'Model',
      'vehicle.engineNumber': 'Engine number',
      'vehicle.frameNumber': 'Frame number',
      invoiceNumber: 'Purchase invoice number',
      plateDelivery: 'Number plate delivery',
    },
    8: { decisionNumber: 'Penalty decision number', plate: 'Number plate' },
    9: { kind: 'Request', previousPassportNumber: 'Previous passport number', delivery: 'Passport delivery' },
    10: { organisation: 'Organisation', taxCode: 'Tax code', establishmentDecision: 'Establishment decision number' },
    11: { organisation: 'Organisation', sealKind: 'Kind of seal', reason: 'Reason' },
    13: {
      licenceNumber: 'Driving licence number',
      licenceClass: 'Licence class',
      healthCertificateNumber: 'Health certificate number',
    },
    14: {
      'child.fullName': "The child's full name",
      'child.sex': "The child's sex",
      'child.birthDate': "The child's date of birth",
      motherPin: "The mother's PIN",
      fatherPin: "The father's PIN (if any)",
      'birthCertificate.number': 'Birth certificate number (from the hospital)',
      'birthCertificate.facilityCode': 'Code of the health facility that issued it',
      'birthCertificate.issuedOn': 'Date it was issued',
    },
    15: {
      deceasedPin: 'PIN of the deceased',
      deathDate: 'Date of death',
      'deathNotice.number': 'Death notice number',
      'deathNotice.issuedBy': 'Issued by',
      'deathNotice.issuedOn': 'Date it was issued',
    },
    16: { partnerPin: "Your future spouse's PIN" },
    20: { members: 'Household members renewing their card', facilityCode: 'Primary-care facility' },
    19: { landCertificateNumber: 'Land certificate number', parcelNumber: 'Parcel number', mapSheet: 'Map sheet' },
    21: { dependants: 'Number of dependants', employerTaxCode: "Employer's tax code" },
    22: { examYear: 'Exam year', school: 'School', subjects: 'Exam subjects' },
    23: {
      lastEmployer: 'Last employer',
      contractEndedOn: 'Employment contract ended on',
      bankAccount: 'Bank account for the benefit',
    },
    24: { supplyAddress: 'Supply address', purpose: 'Use', expectedKw: 'Expected load (kW)' },
    25: { contractNumber: 'Power contract number', supplyAddress: 'Supply address', reason: 'Reason for the change' },
  },
  hints: {
    2: { 'appointment.date': 'A working day within the next 30 days, at the commune police of your residence' },
    12: { copies: '1 to 10; from the third copy on, each costs extra' },
    4: { until: 'At most 2 years', ownerPin: 'The owner consents to the registration' },
    6: { until: 'At most 30 days' },
    8: { plate: 'Like 29A-12345' },
    9: { previousPassportNumber: 'For a renewal or a lost passport, like C1234567' },
    10: { taxCode: '10 digits (and -123 for a branch)' },
    13: { licenceNumber: '12 digits' },
    21: { employerTaxCode: '10 digits' },
    20: {
      members: 'The first pays in full, the second 70%, the third 60%, the fourth 50%, the fifth and later 40%',
      facilityCode: 'For a member without a card: 5 digits',
    },
  },
  options: {
    owned: 'My own home',
    male: 'Male',
    female: 'Female',
    rented: 'Rented',
    lent: 'Lent to me',
    'permanent-residence': 'My permanent residence',
    'temporary-residence': 'My temporary residence',
    collect: 'Collect in person',
    post: 'By post',
    first: 'First passport',
    renewal: 'Renewal',
    lost: 'Replacement of a lost passport',
    miniature: 'Miniature seal',
    embossed: 'Embossed seal',
    wax: 'Wax seal',
    household: 'Household',
    business: 'Business',
    purchase: 'Purchase of the home',
    inheritance: 'Inheritance',
    tenancy: 'Tenancy',
    spouse: 'Spouse',
    child: 'Child',
    parent: 'Parent',
    other: 'Other',
  },
  serviceOptions: {
    2: {
      renewal: 'Renewal',
      reissue: 'Re-issue',
      age: 'Renewal age reached',
      damaged: 'Damaged card',
      'changed-information': 'Information on the card changed',
      lost: 'Lost card',
    },
    12: { '1': 'Criminal-record certificate type 1', '2': 'Criminal-record certificate type 2' },
  },
  residence: {
    title: 'Residence confirmation',
    intro:
      'The National Population Database confirms at once your permanent residence, household and current temporary residence (household books were abolished).',
    request: 'Get a residence confirmation',
    issued: (number) => `Confirmation ${number} issued.`,
    document: 'residence confirmation',
  },
};

export const SERVICE_LABELS: Readonly<Record<Language, ServiceLabels>> = { vi, en };

/** A field's label, or its path when a service has none yet (the unit tests make sure none is missing). */
export const fieldLabel = (labels: ServiceLabels, code: number, path: string): string =>
  labels.fields[code]?.[path] ?? path;

export const fieldHint = (labels: ServiceLabels, code: number, path: string): string | undefined =>
  labels.hints[code]?.[path];

export const optionLabel = (labels: ServiceLabels, value: string, code?: number): string =>
  (code === undefined ? undefined : labels.serviceOptions[code]?.[value]) ?? labels.options[value] ?? value;
