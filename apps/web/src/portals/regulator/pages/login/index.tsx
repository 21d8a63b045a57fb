import { LoginScreen } from '../../../shared/login-screen.tsx';

export function LoginPage() {
  return (
    <LoginScreen portal="regulator" titleKey="regulator.login.title" subtitleKey="regulator.login.subtitle" />
  );
}
