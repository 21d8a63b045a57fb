import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

type DemoPage = {
  slug: string;
  section: 'guide' | 'faq';
  title: string;
  sortOrder: number;
  markdown: string;
};

/** The demo city's 学车指南 and 常见问题, written the way a 市交通运输局 would publish them. */
export const demoContentPages: readonly DemoPage[] = [
  {
    slug: 'enrolment',
    section: 'guide',
    title: '报名流程',
    sortOrder: 10,
    markdown: `# 报名流程

在本平台报名,从选校到缴费全程线上完成,无需到驾校现场交钱。

1. **找驾校**:打开"找驾校",系统按距离由近到远列出驾校;可按区县、驾校等级、准驾车型、价格筛选。
2. **看驾校**:查看驾校简介、训练场地、教练员、教练车、班型和每一项费用,以及考试合格率和投诉率。
3. **实名认证**:填写姓名、身份证号码、手机号,上传本人近期照片。
4. **选班型**:确认班型包含的服务和费用明细;合同外的任何收费都可以投诉。
5. **签合同**:阅读按《机动车驾驶员培训合同》示范文本生成的合同全文,确认后签名,驾校会签。
6. **缴费**:学费缴入银行监管账户,按培训进度分阶段拨付给驾校。

> 提示:报名前请先到驾校实地看一看训练场地,点击驾校页面的"去这里"即可导航。

有疑问可拨打驾校电话,或拨打交通运输服务监督电话 \`12328\`。
`,
  },
  {
    slug: 'training-hours',
    section: 'guide',
    title: '学时与计时培训',
    sortOrder: 20,
    markdown: `# 学时与计时培训

驾驶培训实行**计时培训**:每次训练在教练车上的计时终端刷卡(或人脸识别)签到、签退,
终端每分钟记录一次位置和照片,形成学时记录。

## 哪些学时会被认可

- 在驾校备案的训练场地或道路训练路线内完成的训练;
- 教练员和学员均已签到,且照片比对一致;
- 单日训练不超过规定时长。

## 查看与申诉

在"我的学时"中可以看到每次训练认可的分钟数;如有学时被判定无效,页面会说明原因。
对结果有异议的,可在 7 日内提出申诉,由驾校初审、主管部门复核。

- 科目一、科目四:理论学时,可通过网络远程教学完成;
- 科目二、科目三:实际操作学时,须在教练车上完成。

学时达到培训大纲要求并经审核通过后,驾校即可为您预约考试。
`,
  },
  {
    slug: 'escrow-and-refunds',
    section: 'guide',
    title: '资金监管与退费',
    sortOrder: 30,
    markdown: `# 资金监管与退费

通过平台缴纳的培训费全额存入**银行监管账户**,不直接交给驾校。

## 先学后付

平台按合同约定的拨付计划,在各科目培训经审核通过后,分阶段把对应款项拨付给驾校。
尚未培训部分的费用始终留在监管账户中。

## 中途退学怎么退费

退费金额 = 监管账户余额 − 已接受培训的费用(按合同约定的每学时单价计算)。
平台会逐项列出计算过程,确认后原路退回,**无需再与驾校协商**。

## 转学

已认可的学时随学员转入新驾校,监管账户中的剩余费用在与新驾校签约后转入新合同。

如遇驾校在合同外另行收费,请通过"投诉与建议"反映。
`,
  },
  {
    slug: 'complaints',
    section: 'faq',
    title: '投诉与建议',
    sortOrder: 10,
    markdown: `# 投诉与建议

**问:哪些情况可以投诉?**
答:合同外收费、不按约定安排培训、教练员索要财物、学时记录有误、退费不及时等,都可以投诉。

**问:怎么投诉?**
答:在"投诉与建议"中实名填写,选择投诉对象(驾校、教练员或平台)和类别,可上传照片等材料。
提交后会得到一个受理编号,凭编号随时查询处理进度。

**问:多久能有答复?**
答:投诉同时转给驾校和所在区县的主管部门,须在规定期限内答复;逾期未答复的由主管部门督办。
处理完毕后,请对处理结果进行满意度评价。

**问:投诉会影响驾校吗?**
答:会。每所驾校每百辆教练车的投诉数量在驾校页面公开,并作为质量信誉考核的依据。

也可以拨打交通运输服务监督电话 \`12328\`。
`,
  },
];

/** Writes the demo pages for a city, published, unless that city has pages already. */
export async function seedDemoContent(db: Kysely<DB>, regionCode: string): Promise<void> {
  const existing = await db
    .selectFrom('contentPages')
    .select('id')
    .where('regionCode', '=', regionCode)
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('contentPages')
    .values(
      demoContentPages.map((p) => ({
        regionCode,
        slug: p.slug,
        locale: 'zh-CN',
        section: p.section,
        title: p.title,
        bodyMarkdown: p.markdown,
        sortOrder: p.sortOrder,
        published: true,
      })),
    )
    .execute();
}
