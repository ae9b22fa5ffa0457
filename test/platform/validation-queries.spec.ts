import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AppException } from '../../src/platform/problem/app.exception.js';
import { createValidationPipe } from '../../src/platform/validation/validation.pipe.js';

class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsIn(['pending', 'fulfilled']) status?: string;
}

class OtherQuery {
  @IsOptional() @IsIn(['a']) status?: string;
}

const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });

/** The validation pipe remembers valid queries (the same list asked for again costs a lookup). */
describe('validation of query strings', () => {
  it('gives the same frozen DTO for the same query, typed as validated', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '20', status: 'pending' }, query(PageQuery))) as PageQuery;
    expect(first).toBeInstanceOf(PageQuery);
    expect(first).toEqual({ limit: 20, status: 'pending' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { limit: number }).limit = 5;
    }).toThrow(TypeError);
    expect(await pipe.transform({ limit: '20', status: 'pending' }, query(PageQuery))).toBe(first);
    expect(await pipe.transform({ limit: '21', status: 'pending' }, query(PageQuery))).toEqual({
      limit: 21,
      status: 'pending',
    });
  });

  it('refuses a bad query every time it comes (refusals are not remembered)', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      const error = await pipe.transform({ limit: '0' }, query(PageQuery)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppException);
      expect((error as AppException).status).toBe(400);
    }
  });

  it('keeps the classes apart: a query valid for one DTO is checked again for another', async () => {
    const pipe = createValidationPipe();
    expect(await pipe.transform({ status: 'pending' }, query(PageQuery))).toEqual({ status: 'pending' });
    const error = await pipe.transform({ status: 'pending' }, query(OtherQuery)).catch((e: unknown) => e);
    expect((error as AppException).status).toBe(400);
  });
});
