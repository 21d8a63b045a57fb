import { LoginScreen } from '../../../shared/login-screen.tsx';

export function LoginPage() {
  return <LoginScreen portal="school" titleKey="school.login.title" subtitleKey="school.login.subtitle" />;
}
