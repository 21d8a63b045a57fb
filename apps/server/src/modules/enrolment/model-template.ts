import type { TemplateInput } from './contract-templates.service.ts';

/**
 * A model contract text (机动车驾驶培训合同示范文本), modelled on the unified contracts cities publish
 * (菏泽, seed 003: 统一合同签订). The demo city starts with it and tests use it; a regulator edits it
 * into new versions. Every placeholder appears, as a template must.
 */
export const modelTemplateBody = `机动车驾驶培训合同

合同编号：{{contract.number}}\u3000\u3000示范文本版本：{{template.version}}\u3000\u3000日期：{{contract.date}}

甲方（培训机构）：{{school.name}}
统一社会信用代码：{{school.creditCode}}\u3000\u3000经营许可证号：{{school.licenceNumber}}
地址：{{school.address}}\u3000\u3000电话：{{school.phone}}

乙方（学员）：{{trainee.name}}
身份证号：{{trainee.idNumber}}\u3000\u3000电话：{{trainee.phone}}\u3000\u3000学员编号：{{trainee.traineeNumber}}

第一条\u3000培训内容
乙方报名参加甲方“{{classType.name}}”班型，培训准驾车型 {{classType.licenceClass}}。甲方按国家驾驶培训教学大纲组织培训，乙方可自主选择培训时间和教练员。

第二条\u3000培训费用
培训费总额 {{price.total}} 元，明细如下：
{{price.breakdown}}
甲方不得收取上述以外的费用；教练员不得收取任何费用。

第三条\u3000资金监管
乙方通过驾培公共服务平台将培训费缴入监管账户，银行确认到账后方为已缴。监管资金按以下计划拨付给甲方：
{{releasePlan}}

第四条\u3000计时收费
经审核的有效学时按每学时 {{perHourPrice}} 元计价，用于退学或转学时结算已接受的培训。

第五条\u3000退费
{{refundRule}}

第六条\u3000争议解决
{{disputeClause}}

第七条\u3000其他
本合同经乙方签名确认、甲方电子签章后生效，双方各执电子文本一份，具有同等效力。`;

export const modelTemplate: TemplateInput = {
  title: '机动车驾驶培训合同（示范文本）',
  body: modelTemplateBody,
  releasePlan: {
    kind: 'stages',
    steps: [
      { on: 'part', part: 1, percent: 10 },
      { on: 'part', part: 2, percent: 30 },
      { on: 'part', part: 3, percent: 30 },
      { on: 'part', part: 4, percent: 30 },
    ],
  },
  refundRule:
    '乙方可随时申请退学。监管账户中剩余资金扣除已接受培训的价值（有效学时 × 每学时单价）中尚未拨付给甲方的部分后，通过平台原路退还乙方，无需与甲方协商。因甲方原因无法培训的，全额退还剩余资金。',
  disputeClause:
    '双方发生争议的，可协商解决，或向培训机构所在地区县交通运输主管部门投诉；协商不成的，可向甲方所在地人民法院提起诉讼。',
  perHourFen: 15_000,
};
