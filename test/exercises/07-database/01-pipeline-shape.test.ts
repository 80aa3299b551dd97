import { describe, expect, it } from 'vitest';
import { pipelineShape } from '#exercise/07-database/01-pipeline-shape';

describe('07.1 pipeline shapes', () => {
  it('removes the values of $match, $limit and $skip and keeps the sort', () => {
    expect(
      pipelineShape([
        { $match: { status: 'paid', total: { $gte: 100 } } },
        { $sort: { createdAt: -1 } },
        { $skip: 40 },
        { $limit: 20 },
      ]),
    ).toEqual([
      { $match: { status: '?', total: { $gte: '?' } } },
      { $sort: { createdAt: -1 } },
      { $skip: '?' },
      { $limit: '?' },
    ]);
  });

  it('gives the same shape to the same pipeline with other values', () => {
    const report = (customer: string, limit: number) => [
      { $match: { customerId: customer } },
      { $group: { _id: '$status', total: { $sum: '$totalCents' }, n: { $count: {} } } },
      { $limit: limit },
    ];
    expect(pipelineShape(report('c-1', 5))).toEqual(pipelineShape(report('c-2', 50)));
  });

  it('keeps $group output names and accumulator operators, not their expressions', () => {
    expect(
      pipelineShape([{ $group: { _id: { day: '$day' }, total: { $sum: '$amount' }, last: { $max: '$at' } } }]),
    ).toEqual([{ $group: { _id: '?', total: { $sum: '?' }, last: { $max: '?' } } }]);
  });

  it('keeps inclusion flags of $project and hides computed expressions', () => {
    expect(
      pipelineShape([{ $project: { _id: 0, email: 1, domain: { $arrayElemAt: [{ $split: ['$email', '@'] }, 1] } } }]),
    ).toEqual([{ $project: { _id: 0, email: 1, domain: '?' } }]);
  });

  it('keeps the collection and field names of $lookup and shapes its inner pipeline', () => {
    expect(
      pipelineShape([
        { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
        { $unwind: '$customer' },
        {
          $lookup: {
            from: 'payments',
            let: { order: '$_id' },
            pipeline: [{ $match: { state: 'settled' } }, { $limit: 1 }],
            as: 'payment',
          },
        },
      ]),
    ).toEqual([
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
      { $unwind: '$customer' },
      {
        $lookup: {
          from: 'payments',
          let: { order: '?' },
          pipeline: [{ $match: { state: '?' } }, { $limit: '?' }],
          as: 'payment',
        },
      },
    ]);
  });

  it('keeps only the $lookup fields the stage has', () => {
    const [correlated] = pipelineShape([
      { $lookup: { from: 'payments', let: { order: '$_id' }, pipeline: [], as: 'payment' } },
    ]);
    expect(correlated).toStrictEqual({
      $lookup: { from: 'payments', let: { order: '?' }, pipeline: [], as: 'payment' },
    });
    const [plain] = pipelineShape([
      { $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' } },
    ]);
    expect(plain).toStrictEqual({
      $lookup: { from: 'customers', localField: 'customerId', foreignField: '_id', as: 'customer' },
    });
  });

  it('reads true and false as inclusion flags too', () => {
    expect(pipelineShape([{ $project: { _id: false, email: true, name: 1 } }])).toEqual([
      { $project: { _id: 0, email: 1, name: 1 } },
    ]);
  });

  it('treats $addFields and $set like $project: field names stay, expressions go', () => {
    expect(
      pipelineShape([
        { $addFields: { tax: { $multiply: ['$total', 0.2] } } },
        { $set: { label: { $concat: ['#', '$code'] } } },
      ]),
    ).toEqual([{ $addFields: { tax: '?' } }, { $set: { label: '?' } }]);
  });

  it('keeps the path of $unwind in its object form', () => {
    expect(pipelineShape([{ $unwind: { path: '$items', preserveNullAndEmptyArrays: true } }])).toEqual([
      { $unwind: '$items' },
    ]);
  });

  it('keeps the sort directions apart and hides the arguments of stages it does not know', () => {
    expect(pipelineShape([{ $sort: { total: -1, _id: 1 } }, { $sample: { size: 3 } }, { $count: 'n' }])).toEqual([
      { $sort: { total: -1, _id: 1 } },
      { $sample: '?' },
      { $count: '?' },
    ]);
    expect(pipelineShape([{ $sort: { total: 1 } }])).not.toEqual(pipelineShape([{ $sort: { total: -1 } }]));
  });

  it('shapes the filter of $match as the chapter shapes a find filter, operators and logic included', () => {
    expect(
      pipelineShape([{ $match: { $or: [{ status: 'paid' }, { total: { $in: [1, 2] } }], email: /@x\.com$/ } }]),
    ).toEqual([{ $match: { $or: [{ status: '?' }, { total: { $in: '?' } }], email: { $regex: '?' } } }]);
  });

  it('tells a different stage order apart', () => {
    expect(pipelineShape([{ $limit: 1 }, { $match: { a: 1 } }])).not.toEqual(
      pipelineShape([{ $match: { a: 1 } }, { $limit: 1 }]),
    );
  });
});
