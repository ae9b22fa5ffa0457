import type { Type } from '@nestjs/common';
import type { DataSource, DeepPartial, EntityManager, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import {
  AppException,
  ErrorCode,
  applyRegistryFilters,
  deleteUnlessReferenced,
  paginate,
  updateVersioned,
  type IfMatchCondition,
  type Page,
  type Reference,
} from '../../platform/index.js';
import { CODED_RECORD_SORT, type ListReferenceDataQueryDto } from './reference-data.dto.js';
import type { ReferenceDataEntity } from './reference-data.entity.js';

/** What sets one kind of reference data (parties, agencies, issue areas) apart from the others. */
export interface ReferenceDataKind<E extends ReferenceDataEntity, R> {
  entity: Type<E>;
  /** Subject of the 404, 409 and 412 messages: `The party`. */
  label: string;
  /** The kind's `SEARCH_VECTORS` entry, for `q`. */
  searchVector: (alias: string) => string;
  /** Detail of the 409 when the code is taken. */
  duplicateCode: (code: string) => string;
  /** What refers to a record: DELETE answers 409 while any of these counts rows. */
  references: Reference[];
  /** The response of a record: its response DTO's `from`. */
  present: (record: E) => R;
  /** Nullable fields a create stores as null when left out. */
  nullable?: (keyof E & string)[];
  /**
   * The record belongs to a parent (an agency to a party): create checks the parent exists
   * (400 naming `field`), the code is unique within the parent, and lists filter by `field`.
   */
  parent?: { field: keyof E & string; entity: Type<ObjectLiteral>; noun: string };
}

type Fields = Record<string, unknown>;

/** Query alias of the record in list queries. */
const ALIAS = 'record';

/**
 * Create, list, read, update (If-Match) and delete-unless-referenced for one kind of
 * reference data; every write goes through TypeORM or `deleteUnlessReferenced`, so each is
 * audited. Extend it with an `@Injectable()` class that passes the kind.
 */
export class ReferenceDataService<E extends ReferenceDataEntity, R> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kind: ReferenceDataKind<E, R>,
  ) {}

  /** 400 when the parent does not exist, 409 when the code is taken. */
  async create(dto: { code: string; active?: boolean }): Promise<R> {
    const { entity, parent, nullable = [] } = this.kind;
    const scope = parent ? await this.existingParent(dto as Fields) : {};
    await this.assertCodeFree(this.dataSource.manager, dto.code, scope);
    const nulls = Object.fromEntries(nullable.map((field) => [field, (dto as Fields)[field] ?? null]));
    const repo = this.dataSource.getRepository(entity);
    const record = await repo.save(repo.create({ ...dto, ...nulls, active: dto.active ?? true } as DeepPartial<E>));
    return this.kind.present(record);
  }

  /** `q`, `updatedSince`, `active` (and the parent's id) filter; keyset paging by `sort`, default `code`. */
  async list(query: ListReferenceDataQueryDto): Promise<Page<R>> {
    const { entity, parent } = this.kind;
    const qb = this.dataSource.getRepository(entity).createQueryBuilder(ALIAS);
    applyRegistryFilters(qb, ALIAS, query, this.kind.searchVector(ALIAS));
    const parentId = parent && (query as Fields)[parent.field];
    if (parentId) qb.andWhere({ [parent.field]: parentId });
    const page = await paginate(qb, query, { alias: ALIAS, sortable: CODED_RECORD_SORT, defaultSort: 'code' });
    return { items: page.items.map((record) => this.kind.present(record)), nextCursor: page.nextCursor };
  }

  /** 404 when there is no such record. */
  async get(id: string): Promise<R> {
    const record = await this.dataSource.getRepository(this.kind.entity).findOneBy({ id } as FindOptionsWhere<E>);
    if (!record) throw AppException.notFound(this.kind.label);
    return this.kind.present(record);
  }

  /** The record as GET shows it, read in `db`'s transaction. */
  private async represent(db: EntityManager, id: string): Promise<R & { version: number }> {
    const record = await db.getRepository(this.kind.entity).findOneByOrFail({ id } as FindOptionsWhere<E>);
    return this.kind.present(record) as R & { version: number };
  }

  /** 404, 412 when `ifMatch` names no current ETag, 409 when the new code is taken. */
  async update(id: string, dto: { code?: string }, ifMatch: IfMatchCondition | undefined): Promise<R> {
    const { entity, label, parent } = this.kind;
    const record = await this.dataSource.transaction(async (manager) => {
      // A code unique among all records is checked first; one unique within a parent needs
      // the record's parent, so it is checked once the record is loaded and locked.
      if (!parent) await this.assertCodeFree(manager, dto.code, {}, id);
      return updateVersioned(
        manager,
        entity,
        id,
        label,
        { condition: ifMatch, current: (db) => this.represent(db, id) },
        async (current) => {
          if (parent) await this.assertCodeFree(manager, dto.code, { [parent.field]: current[parent.field] }, id);
          Object.assign(current, dto);
        },
      );
    });
    return this.kind.present(record);
  }

  /** 404; 412 when `ifMatch` names no current ETag; 409 naming what still refers to the record (deactivate it instead). */
  remove(id: string, ifMatch?: IfMatchCondition): Promise<void> {
    const { tableName } = this.dataSource.getMetadata(this.kind.entity);
    return this.dataSource.transaction((manager) =>
      deleteUnlessReferenced(manager, tableName, id, this.kind.label, this.kind.references, {
        condition: ifMatch,
        current: (db) => this.represent(db, id),
      }),
    );
  }

  private async existingParent(dto: Fields): Promise<Fields> {
    const { field, entity, noun } = this.kind.parent!;
    if (!(await this.dataSource.getRepository(entity).existsBy({ id: dto[field] }))) {
      throw AppException.validation([{ field, message: `does not match a ${noun}` }]);
    }
    return { [field]: dto[field] };
  }

  /** 409 when another record within `scope` has `code`. */
  private async assertCodeFree(
    manager: EntityManager,
    code: string | undefined,
    scope: Fields,
    id?: string,
  ): Promise<void> {
    if (!code) return;
    const clash = await manager.getRepository(this.kind.entity).findOneBy({ ...scope, code } as FindOptionsWhere<E>);
    if (clash && clash.id !== id) {
      throw new AppException(ErrorCode.DuplicateCode, this.kind.duplicateCode(code), {
        errors: [{ field: 'code', message: 'is already taken' }],
      });
    }
  }
}
