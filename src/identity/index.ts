/**
 * The identity context's public surface: who the caller is (principal, roles), the
 * permission table and seat lookups (access), users and their sessions. Other contexts
 * import only from here (docs/architecture.md).
 */
export { Access } from './access/access.decorators.js';
export {
  ACTIVE_MEMBERSHIP_SQL,
  AccessService,
  OPEN_MEMBERSHIP_SQL,
  personVisibleSql,
  type CommitteeInfo,
  type CommitteeScope,
} from './access/access.service.js';
export { PERMISSIONS, SECRETARY_SEATS, type Permission } from './access/permissions.js';
export { CurrentPrincipal, CurrentUser, type Principal, type UserPrincipal } from './access/principal.js';
export { MEMBERSHIP_ROLES, type MembershipRole } from './access/roles.js';
export { AuthService } from './auth/auth.service.js';
export { ChangePasswordDto, TokenPairDto } from './auth/dto/auth.dto.js';
export { DISPLAY_NAME_MAX, EMAIL_MAX, UserResponseDto } from './users/dto/user.dto.js';
export { User, type UserRole } from './users/entities/user.entity.js';
export { UsersModule } from './users/users.module.js';
export { UsersService } from './users/users.service.js';
