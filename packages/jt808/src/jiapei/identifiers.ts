/*
 * Helpers for the 驾培 identifiers carried in the extended messages: 课程编码 (REFERENCE §1.9) and
 * 学时记录编号 (§1.8). Pure string functions.
 */

const METHODS: Record<string, string> = { '1': '实操', '2': '课堂教学', '3': '模拟器教学', '4': '远程教学' };

const VEHICLE_CLASSES: Record<string, string> = {
  '00': '',
  '01': 'A1',
  '02': 'A2',
  '03': 'A3',
  '11': 'B1',
  '12': 'B2',
  '21': 'C1',
  '22': 'C2',
  '23': 'C3',
  '24': 'C4',
  '25': 'C5',
  '31': 'D',
  '32': 'E',
  '33': 'F',
  '41': 'M',
  '42': 'N',
  '43': 'P',
};

const SUBJECTS: Record<string, string> = {
  '01': '法律、法规及道路交通信号',
  '02': '机动车基本知识',
  '03': '第一部分综合复习及考核',
  '11': '基础驾驶',
  '12': '场地驾驶',
  '13': '第二部分综合驾驶及考核',
  '21': '跟车行驶',
  '22': '变更车道',
  '23': '靠边停车',
  '24': '掉头',
  '25': '通过路口',
  '26': '通过人行横道',
  '27': '通过学校区域',
  '28': '通过公共汽车站',
  '29': '会车',
  '30': '超车',
  '31': '夜间驾驶',
  '32': '恶劣条件下的驾驶',
  '33': '山区道路驾驶',
  '34': '高速公路驾驶',
  '35': '行驶路线选择',
  '36': '第三部分综合驾驶及考核',
  '41': '安全、文明驾驶知识',
  '42': '危险源辨识知识',
  '43': '夜间和高速公路安全驾驶知识',
  '44': '恶劣气象和复杂道路条件下的安全驾驶知识',
  '45': '紧急情况应急处置知识',
  '46': '危险化学品知识',
  '47': '典型事故案例分析',
  '48': '第四部分综合复习及考核',
};

/** A 10-digit 课程编码 `M VV P II RRRR` split into its parts. */
export type CourseCode = {
  /** 1 实操, 2 课堂教学, 3 模拟器教学, 4 远程教学. */
  method: number;
  methodName: string;
  /** Licence class such as `C1`; '' for 00 (none). */
  vehicleClass: string;
  /** 培训部分 1–4. */
  part: number;
  /** 培训项目 code, e.g. 12 场地驾驶. */
  subject: number;
  subjectName: string;
};

/** Parse a 课程编码 such as `1212120000` (实操, C1, 第二部分, 场地驾驶); null when not well formed. */
export function parseCourseCode(code: string): CourseCode | null {
  const m = /^([1-4])(\d{2})([1-4])(\d{2})\d{4}$/.exec(code);
  if (!m) return null;
  const vehicleClass = VEHICLE_CLASSES[m[2]!];
  const subjectName = SUBJECTS[m[4]!];
  if (vehicleClass === undefined || subjectName === undefined) return null;
  return {
    method: Number(m[1]),
    methodName: METHODS[m[1]!]!,
    vehicleClass,
    part: Number(m[3]),
    subject: Number(m[4]),
    subjectName,
  };
}

/** Build a 课程编码 from its parts (reserved digits 0000). */
export function formatCourseCode(
  method: number,
  vehicleClass: string,
  part: number,
  subject: number,
): string {
  const vv = Object.entries(VEHICLE_CLASSES).find(([, v]) => v === vehicleClass)?.[0];
  if (vv === undefined) throw new RangeError(`unknown vehicle class ${vehicleClass}`);
  return `${method}${vv}${part}${String(subject).padStart(2, '0')}0000`;
}

/**
 * 学时记录编号 = 计时终端编号 (16) + YYMMDD + 4-digit sequence from 0001 (REFERENCE §1.8). Terminal numbers
 * are digits in the national scheme, but filed numbers in the field carry a capital-letter maker prefix,
 * so capitals are accepted too.
 */
export type RecordNumber = { terminalNo: string; date: string; sequence: number };

/** Split a 26-character record number; `date` is `YYYY-MM-DD`. Null when not well formed. */
export function parseRecordNumber(recordNo: string): RecordNumber | null {
  const m = /^([0-9A-Z]{16})(\d{2})(\d{2})(\d{2})(\d{4})$/.exec(recordNo);
  if (!m) return null;
  return { terminalNo: m[1]!, date: `20${m[2]}-${m[3]}-${m[4]}`, sequence: Number(m[5]) };
}

/** Build a record number; `date` as `YYYY-MM-DD`. */
export function formatRecordNumber(terminalNo: string, date: string, sequence: number): string {
  const m = /^20(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  if (
    !m ||
    !/^[0-9A-Z]{16}$/.test(terminalNo) ||
    !Number.isInteger(sequence) ||
    sequence < 0 ||
    sequence > 9999
  ) {
    throw new RangeError(
      'record number: terminalNo 16 digits or capitals, date YYYY-MM-DD (2000–2099), sequence 0–9999',
    );
  }
  return `${terminalNo}${m[1]}${m[2]}${m[3]}${String(sequence).padStart(4, '0')}`;
}
