import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiErrorAlert } from '../../../../components/api-error-alert.tsx';
import type { PageLocale, RegulatorPage, SavePageInput } from '../../../../features/content-admin/queries.ts';
import { useContentData } from './use-content-data.ts';

type PageForm = SavePageInput & { slug: string; locale: PageLocale };

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * 指南与问答: the city's 学车指南 and 常见问题 in Markdown. The preview is the server's own rendering (the
 * one the public gets, sanitised there), so what the regulator checks is exactly what is published.
 */
export function ContentPage() {
  const intl = useIntl();
  const { message } = App.useApp();
  const { pages, save, saved, setSaved, rendered } = useContentData();
  const [editing, setEditing] = useState<{ isNew: boolean } | null>(null);
  const [tab, setTab] = useState<'edit' | 'preview'>('edit');
  const [form] = Form.useForm<PageForm>();

  const open = (page: RegulatorPage | null) => {
    setTab('edit');
    setSaved(page);
    setEditing({ isNew: page === null });
    form.setFieldsValue(
      page
        ? {
            slug: page.slug,
            locale: page.locale as PageLocale,
            section: page.section as PageForm['section'],
            title: page.title,
            markdown: page.markdown,
            sortOrder: page.sortOrder,
            published: page.published,
          }
        : { locale: 'zh-CN', section: 'guide', sortOrder: 0, published: false, markdown: '' },
    );
  };

  const submit = async (thenPreview: boolean) => {
    const { slug, locale, ...input } = await form.validateFields();
    const page = await save.mutateAsync({ slug, locale, input });
    setSaved(page);
    setEditing({ isNew: false });
    void message.success(intl.formatMessage({ id: 'regulator.content.saved' }));
    if (thenPreview) setTab('preview');
  };

  const columns: TableProps<RegulatorPage>['columns'] = [
    {
      title: intl.formatMessage({ id: 'regulator.content.field.section' }),
      dataIndex: 'section',
      render: (v: string) =>
        intl.formatMessage({
          id: v === 'faq' ? 'regulator.content.section.faq' : 'regulator.content.section.guide',
        }),
    },
    { title: intl.formatMessage({ id: 'regulator.content.field.title' }), dataIndex: 'title' },
    { title: intl.formatMessage({ id: 'regulator.content.field.slug' }), dataIndex: 'slug' },
    { title: intl.formatMessage({ id: 'regulator.content.field.locale' }), dataIndex: 'locale' },
    {
      title: intl.formatMessage({ id: 'regulator.content.field.published' }),
      dataIndex: 'published',
      render: (v: boolean) =>
        v ? (
          <Tag color="success">{intl.formatMessage({ id: 'regulator.content.published' })}</Tag>
        ) : (
          <Tag>{intl.formatMessage({ id: 'regulator.content.draft' })}</Tag>
        ),
    },
    {
      title: intl.formatMessage({ id: 'regulator.content.field.sortOrder' }),
      dataIndex: 'sortOrder',
      align: 'right',
    },
    {
      title: intl.formatMessage({ id: 'regulator.content.field.updatedAt' }),
      dataIndex: 'updatedAt',
      render: (v: string) => intl.formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }),
    },
    {
      title: intl.formatMessage({ id: 'regulator.content.field.actions' }),
      key: 'actions',
      render: (_: unknown, p) => (
        <Button size="small" onClick={() => open(p)}>
          {intl.formatMessage({ id: 'regulator.content.edit' })}
        </Button>
      ),
    },
  ];

  const preview = !saved ? (
    <Alert type="info" showIcon title={intl.formatMessage({ id: 'regulator.content.previewUnsaved' })} />
  ) : !saved.published ? (
    <Alert type="info" showIcon title={intl.formatMessage({ id: 'regulator.content.previewDraft' })} />
  ) : rendered.isError ? (
    <ApiErrorAlert error={rendered.error} onRetry={() => void rendered.refetch()} />
  ) : (
    <Card loading={rendered.isPending} data-testid="content-preview">
      <Typography.Title level={3}>{rendered.data?.title}</Typography.Title>
      {/* The server escapes every source character and allows only its own Markdown output. */}
      <div className="markdown-body" dangerouslySetInnerHTML={{ __html: rendered.data?.html ?? '' }} />
    </Card>
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {intl.formatMessage({ id: 'regulator.content.title' })}
        </Typography.Title>
        <Button type="primary" onClick={() => open(null)}>
          {intl.formatMessage({ id: 'regulator.content.new' })}
        </Button>
      </Flex>
      <Card>
        {pages.isError ? <ApiErrorAlert error={pages.error} onRetry={() => void pages.refetch()} /> : null}
        <Table<RegulatorPage>
          rowKey="id"
          columns={columns}
          dataSource={pages.data?.items ?? []}
          loading={pages.isFetching}
          locale={{ emptyText: intl.formatMessage({ id: 'regulator.content.empty' }) }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="large"
        forceRender
        title={intl.formatMessage({
          id: editing?.isNew ? 'regulator.content.newTitle' : 'regulator.content.editTitle',
        })}
        extra={
          <Flex gap={8}>
            <Button loading={save.isPending} onClick={() => void submit(false).catch(() => undefined)}>
              {intl.formatMessage({ id: 'regulator.content.save' })}
            </Button>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => void submit(true).catch(() => undefined)}
            >
              {intl.formatMessage({ id: 'regulator.content.saveAndPreview' })}
            </Button>
          </Flex>
        }
      >
        {save.error ? <ApiErrorAlert error={save.error} /> : null}
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k === 'preview' ? 'preview' : 'edit')}
          items={[
            {
              key: 'edit',
              label: intl.formatMessage({ id: 'regulator.content.tab.edit' }),
              forceRender: true,
              children: (
                <Form form={form} layout="vertical">
                  <Flex gap={12} wrap>
                    <Form.Item
                      name="slug"
                      label={intl.formatMessage({ id: 'regulator.content.field.slug' })}
                      extra={intl.formatMessage({ id: 'regulator.content.slugHint' })}
                      rules={[
                        {
                          required: true,
                          pattern: slugPattern,
                          message: intl.formatMessage({ id: 'regulator.content.slugInvalid' }),
                        },
                      ]}
                    >
                      <Input maxLength={60} disabled={!editing?.isNew} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item
                      name="locale"
                      label={intl.formatMessage({ id: 'regulator.content.field.locale' })}
                    >
                      <Radio.Group
                        disabled={!editing?.isNew}
                        options={[
                          {
                            value: 'zh-CN',
                            label: intl.formatMessage({ id: 'regulator.content.locale.zhCN' }),
                          },
                          {
                            value: 'en-US',
                            label: intl.formatMessage({ id: 'regulator.content.locale.enUS' }),
                          },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      name="section"
                      label={intl.formatMessage({ id: 'regulator.content.field.section' })}
                    >
                      <Radio.Group
                        options={[
                          {
                            value: 'guide',
                            label: intl.formatMessage({ id: 'regulator.content.section.guide' }),
                          },
                          {
                            value: 'faq',
                            label: intl.formatMessage({ id: 'regulator.content.section.faq' }),
                          },
                        ]}
                      />
                    </Form.Item>
                  </Flex>
                  <Flex gap={12} wrap>
                    <Form.Item
                      name="title"
                      label={intl.formatMessage({ id: 'regulator.content.field.title' })}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          message: intl.formatMessage({ id: 'regulator.content.titleRequired' }),
                        },
                      ]}
                      style={{ flex: 1, minWidth: 240 }}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name="sortOrder"
                      label={intl.formatMessage({ id: 'regulator.content.field.sortOrder' })}
                    >
                      <InputNumber min={0} max={10_000} precision={0} />
                    </Form.Item>
                    <Form.Item
                      name="published"
                      valuePropName="checked"
                      label={intl.formatMessage({ id: 'regulator.content.field.published' })}
                    >
                      <Switch />
                    </Form.Item>
                  </Flex>
                  <Form.Item
                    name="markdown"
                    label={intl.formatMessage({ id: 'regulator.content.field.markdown' })}
                  >
                    <Input.TextArea
                      rows={18}
                      maxLength={50_000}
                      showCount
                      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
                    />
                  </Form.Item>
                </Form>
              ),
            },
            {
              key: 'preview',
              label: intl.formatMessage({ id: 'regulator.content.tab.preview' }),
              children: preview,
            },
          ]}
        />
      </Drawer>
    </Flex>
  );
}
